CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`program_id` integer,
	`detail` text
);
--> statement-breakpoint
CREATE INDEX `audit_log_program_idx` ON `audit_log` (`program_id`,`at`);--> statement-breakpoint
CREATE TABLE `blocked_pairs` (
	`program_id` integer NOT NULL,
	`user_a` text NOT NULL,
	`user_b` text NOT NULL,
	`reason` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`program_id`, `user_a`, `user_b`),
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `checkins` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`relationship_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`period_index` integer NOT NULL,
	`is_final` integer DEFAULT false NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`due_at` integer NOT NULL,
	`reminded_at` integer,
	`expires_at` integer NOT NULL,
	`answered_at` integer,
	`progress` integer,
	`highlight` text,
	`share` integer DEFAULT false NOT NULL,
	`private_note` text,
	FOREIGN KEY (`relationship_id`) REFERENCES `relationships`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `checkins_relationship_user_period_uq` ON `checkins` (`relationship_id`,`user_id`,`period_index`);--> statement-breakpoint
CREATE INDEX `checkins_status_idx` ON `checkins` (`status`);--> statement-breakpoint
CREATE INDEX `checkins_user_idx` ON `checkins` (`user_id`);--> statement-breakpoint
CREATE TABLE `goals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`relationship_id` integer NOT NULL,
	`position` integer NOT NULL,
	`text` text NOT NULL,
	`done` integer DEFAULT false NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`relationship_id`) REFERENCES `relationships`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `goals_relationship_position_uq` ON `goals` (`relationship_id`,`position`);--> statement-breakpoint
CREATE TABLE `job_runs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`job` text NOT NULL,
	`program_id` integer NOT NULL,
	`period` text NOT NULL,
	`ran_at` integer NOT NULL,
	`summary` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `job_runs_job_program_period_uq` ON `job_runs` (`job`,`program_id`,`period`);--> statement-breakpoint
CREATE TABLE `members` (
	`user_id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`real_name` text,
	`title` text,
	`tz` text DEFAULT 'UTC' NOT NULL,
	`is_active` integer DEFAULT true NOT NULL,
	`status_text` text,
	`status_emoji` text,
	`status_expiration` integer,
	`delivery_error` text,
	`dm_channel_id` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `members_active_idx` ON `members` (`is_active`);--> statement-breakpoint
CREATE TABLE `nudges` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`relationship_id` integer NOT NULL,
	`cycle` text NOT NULL,
	`step` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`relationship_id`) REFERENCES `relationships`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `nudges_relationship_cycle_step_uq` ON `nudges` (`relationship_id`,`cycle`,`step`);--> statement-breakpoint
CREATE TABLE `offer_members` (
	`offer_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	`response` text DEFAULT 'pending' NOT NULL,
	`responded_at` integer,
	`message_channel` text,
	`message_ts` text,
	PRIMARY KEY(`offer_id`, `user_id`),
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `offer_members_user_idx` ON `offer_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `offers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`program_id` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`score` integer NOT NULL,
	`reasons` text NOT NULL,
	`created_at` integer NOT NULL,
	`delivered_at` integer,
	`expires_at` integer,
	`reminded_at` integer,
	`closed_at` integer,
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `offers_program_status_idx` ON `offers` (`program_id`,`status`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`method` text NOT NULL,
	`payload` text NOT NULL,
	`recipient` text,
	`depends_on` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`not_before` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`last_error` text,
	`result` text,
	`created_at` integer NOT NULL,
	`claimed_at` integer,
	`claimed_by` text,
	`sent_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_key_uq` ON `outbox` (`key`);--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`status`,`not_before`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `participants` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`program_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`status` text DEFAULT 'invited' NOT NULL,
	`invited_at` integer NOT NULL,
	`invitation_delivered_at` integer,
	`reminders_sent` integer DEFAULT 0 NOT NULL,
	`last_reminder_at` integer,
	`declined_at` integer,
	`answered_at` integer,
	`skip_until` integer,
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `members`(`user_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `participants_program_user_uq` ON `participants` (`program_id`,`user_id`);--> statement-breakpoint
CREATE INDEX `participants_user_idx` ON `participants` (`user_id`);--> statement-breakpoint
CREATE INDEX `participants_program_status_idx` ON `participants` (`program_id`,`status`);--> statement-breakpoint
CREATE TABLE `processed_events` (
	`event_id` text PRIMARY KEY NOT NULL,
	`received_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `processed_events_received_idx` ON `processed_events` (`received_at`);--> statement-breakpoint
CREATE TABLE `programs` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`weeks` integer NOT NULL,
	`cadence_days` integer NOT NULL,
	`checkin_days` integer NOT NULL,
	`audience_channel` text,
	`digest_channel` text,
	`time_zone` text DEFAULT 'UTC' NOT NULL,
	`owner_id` text NOT NULL,
	`skills` text,
	`status` text DEFAULT 'launching' NOT NULL,
	`source_view_id` text,
	`launch_cursor` text,
	`launched_at` integer NOT NULL,
	`audience_queued_at` integer,
	`survey_closes_at` integer NOT NULL,
	`last_round_at` integer,
	`heads_up_for_round` integer,
	`ends_at` integer NOT NULL,
	`ended_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `programs_status_idx` ON `programs` (`status`);--> statement-breakpoint
CREATE UNIQUE INDEX `programs_source_view_uq` ON `programs` (`source_view_id`);--> statement-breakpoint
CREATE TABLE `rate_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`bucket` text NOT NULL,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `rate_events_bucket_at_idx` ON `rate_events` (`bucket`,`at`);--> statement-breakpoint
CREATE TABLE `relationship_members` (
	`relationship_id` integer NOT NULL,
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`relationship_id`, `user_id`),
	FOREIGN KEY (`relationship_id`) REFERENCES `relationships`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `relationship_members_user_idx` ON `relationship_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `relationships` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`program_id` integer NOT NULL,
	`offer_id` integer,
	`status` text DEFAULT 'active' NOT NULL,
	`started_at` integer NOT NULL,
	`paused_until` integer,
	`ended_at` integer,
	`end_reason` text,
	`group_channel_id` text,
	`last_session_on` text,
	`nudge_step` integer DEFAULT 0 NOT NULL,
	`nudge_step_at` integer,
	`at_risk` integer DEFAULT false NOT NULL,
	`goals_set_at` integer,
	`story_opt_in` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`program_id`) REFERENCES `programs`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`offer_id`) REFERENCES `offers`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `relationships_program_status_idx` ON `relationships` (`program_id`,`status`);--> statement-breakpoint
CREATE INDEX `relationships_status_idx` ON `relationships` (`status`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`relationship_id` integer NOT NULL,
	`held_on` text NOT NULL,
	`logged_by` text NOT NULL,
	`note` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`relationship_id`) REFERENCES `relationships`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sessions_relationship_day_uq` ON `sessions` (`relationship_id`,`held_on`);--> statement-breakpoint
CREATE INDEX `sessions_held_on_idx` ON `sessions` (`held_on`);--> statement-breakpoint
CREATE TABLE `slack_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`blocked_until` integer DEFAULT 0 NOT NULL,
	`halt_reason` text,
	`halted_at` integer
);
--> statement-breakpoint
CREATE TABLE `survey_answers` (
	`participant_id` integer PRIMARY KEY NOT NULL,
	`role` text NOT NULL,
	`level` text NOT NULL,
	`department` text NOT NULL,
	`teach` text NOT NULL,
	`learn` text NOT NULL,
	`goals` text NOT NULL,
	`capacity` integer,
	`avoid` text NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`participant_id`) REFERENCES `participants`(`id`) ON UPDATE no action ON DELETE no action
);
