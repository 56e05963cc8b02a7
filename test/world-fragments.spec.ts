import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { referenceAliases, worldEntities, worldFragments } from './support/world';

// The world's fragments, found by convention (src/<folder>/<folder>.world.ts): each seeded after the
// entities it needs; what the world e2e test then proves against a real app.
describe('world fragments', () => {
  it('one per entity, each in its folder, in an order where every need comes first', () => {
    const order = worldEntities();
    expect(new Set(order).size).toBe(order.length);
    for (const f of worldFragments()) {
      const folder = f.entity.replaceAll('_', '-');
      expect([f.entity, existsSync(join(__dirname, '..', 'src', folder, `${folder}.world.ts`))]).toEqual([f.entity, true]);
      for (const need of f.needs) expect([f.entity, need, order.indexOf(need) < order.indexOf(f.entity)]).toEqual([f.entity, need, true]);
    }
  });

  it('reference aliases come from the fragments, for the isolation matrix', () => {
    const aliases = referenceAliases();
    for (const entity of Object.values(aliases)) expect([...worldEntities(), 'users']).toContain(entity);
    expect(aliases.user).toBe('users');
  });
});
