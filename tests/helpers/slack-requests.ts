// Signed requests to the real app, as Slack sends them: shared with the offline demo.
export * from '../../src/demo/slack-requests';
