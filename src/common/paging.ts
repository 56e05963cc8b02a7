export const PAGE_SIZE = 20;

export interface Page<T> {
  data: T[];
  count: number;
  page: number;
  limit: number;
}

export const pageOf = (input: { page?: number }) => {
  const page = input.page ?? 1;
  return { page, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE };
};

export const toPage = <T>(data: T[], count: number, page: number): Page<T> => ({ data, count, page, limit: PAGE_SIZE });

/** A user's text as a literal ILIKE '%…%' pattern: %, _ and \ match themselves. */
export const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
