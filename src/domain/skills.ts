export interface Skill {
  slug: string;
  label: string;
}

/** The default catalogue: what early-career and senior colleagues most often trade in a reverse-mentoring program. */
export const defaultSkills: readonly Skill[] = Object.freeze([
  { slug: 'ai-tools', label: 'AI tools' },
  { slug: 'social-media', label: 'Social media' },
  { slug: 'data-analysis', label: 'Data analysis' },
  { slug: 'leadership', label: 'Leadership' },
  { slug: 'strategy', label: 'Strategy' },
  { slug: 'career-planning', label: 'Career planning' },
  { slug: 'public-speaking', label: 'Public speaking' },
  { slug: 'negotiation', label: 'Negotiation' },
  { slug: 'product-management', label: 'Product management' },
  { slug: 'people-management', label: 'People management' },
  { slug: 'inclusion', label: 'Inclusion and belonging' },
  { slug: 'industry-trends', label: 'Industry trends' },
  { slug: 'remote-collaboration', label: 'Remote collaboration' },
  { slug: 'personal-branding', label: 'Personal branding' },
]);

export function skillLabel(slug: string, catalogue: readonly Skill[] = defaultSkills): string {
  return catalogue.find((s) => s.slug === slug)?.label ?? slug;
}
