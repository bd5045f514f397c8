/** The technology strategy as the API sends it (server/modules/projects, strategy). */
export type PublishedStrategy = {
  title: string;
  vision: string;
  period: string;
  reviewedOn: string | null;
  nextReviewOn: string | null;
  objectives: {
    code: string;
    title: string;
    summary: string;
    progress: number | null;
    initiatives: {
      title: string;
      summary: string;
      progress: number | null;
      projects: { name: string; summary: string; state: string; progress: number | null; targetOn: string | null }[];
    }[];
  }[];
};

export type ManagedStrategy = {
  title: string;
  vision: string;
  period: string;
  reviewedOn: string | null;
  nextReviewOn: string | null;
  objectives: {
    id: string;
    code: string;
    title: string;
    summary: string;
    status: 'draft' | 'published' | 'retired';
    position: number;
    progress: number | null;
    counts: { projects: number; completed: number; red: number; amber: number };
    initiatives: {
      id: string;
      title: string;
      summary: string;
      position: number;
      progress: number | null;
      projects: { id: string; name: string }[];
    }[];
    projects: { id: string; name: string }[];
  }[];
};

export const STATE_COLORS: Record<string, string> = {
  Done: 'teal',
  'On track': 'green',
  'Some delays': 'yellow',
  'Running late': 'orange',
  'Coming up': 'blue',
  Paused: 'gray',
};
