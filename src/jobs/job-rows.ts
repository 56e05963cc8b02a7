import { EntityManager, In } from 'typeorm';
import { CustomerSummary, toJobOutput } from './dto/job.output';
import { Job } from './job.entity';

type Summaries = (ctx: { em: EntityManager; tenantId: string }, ids: string[]) => Promise<Map<string, CustomerSummary>>;

/** Jobs as jobs.create/update return them (with their customer summary), in the order of `ids`: for events about many jobs. */
export async function jobOutputs(em: EntityManager, tenantId: string, ids: string[], summaries: Summaries) {
  if (!ids.length) return [];
  const jobs = await em.find(Job, { where: { tenantId, id: In(ids) } });
  const customerIds = [...new Set(jobs.map((j) => j.customerId).filter((c): c is string => !!c))];
  const names = customerIds.length ? await summaries({ em, tenantId }, customerIds) : new Map<string, CustomerSummary>();
  const byId = new Map(jobs.map((j) => [j.id, j]));
  return ids
    .map((id) => byId.get(id))
    .filter((j): j is Job => !!j)
    .map((j) => toJobOutput(j, j.customerId ? { id: j.customerId, display_name: names.get(j.customerId)!.display_name } : null));
}
