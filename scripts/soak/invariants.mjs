// The database's invariants, checked in SQL after a soak or a crash. Each check returns the number
// of offending rows (0 = holds) and a few examples. Cross-tenant references are checked over every
// foreign key in the catalogue, so a new table is covered without anyone remembering to add it.
import pg from 'pg';

const MONEY_CHECKS = [
  {
    name: 'one job instance per (series, occurrence date)',
    sql: `SELECT tenant_id, series_id, occurrence_date, count(*) AS n FROM jobs
          WHERE series_id IS NOT NULL GROUP BY 1, 2, 3 HAVING count(*) > 1`,
  },
  {
    name: 'quote numbers unique per tenant',
    sql: `SELECT tenant_id, number, count(*) AS n FROM quotes GROUP BY 1, 2 HAVING count(*) > 1`,
  },
  {
    name: 'invoice numbers unique per tenant',
    sql: `SELECT tenant_id, number, count(*) AS n FROM invoices GROUP BY 1, 2 HAVING count(*) > 1`,
  },
  ...['quote', 'invoice'].flatMap((doc) => [
    {
      name: `${doc} line totals = round(unit_price × quantity, 2)`,
      sql: `SELECT id, ${doc}_id, unit_price, quantity, total FROM ${doc}_line_items WHERE total <> round(unit_price * quantity, 2)`,
    },
    {
      name: `${doc} totals = recomputation from lines (subtotal, tax, total)`,
      sql: `WITH l AS (
              SELECT tenant_id, ${doc}_id AS doc_id, sum(total) AS subtotal, coalesce(sum(total) FILTER (WHERE taxable), 0) AS taxable
              FROM ${doc}_line_items GROUP BY 1, 2)
            SELECT d.id, d.subtotal, d.tax_total, d.total, coalesce(l.subtotal, 0) AS want_subtotal,
                   round(coalesce(l.taxable, 0) * coalesce(r.rate, 0) / 100, 2) AS want_tax
            FROM ${doc}s d
            LEFT JOIN l ON l.tenant_id = d.tenant_id AND l.doc_id = d.id
            LEFT JOIN tax_rates r ON r.tenant_id = d.tenant_id AND r.id = d.tax_rate_id
            WHERE d.subtotal <> coalesce(l.subtotal, 0)
               OR d.tax_total <> round(coalesce(l.taxable, 0) * coalesce(r.rate, 0) / 100, 2)
               OR d.total <> d.subtotal + d.tax_total`,
    },
  ]),
  {
    name: 'invoice payments: 0 ≤ amount_paid ≤ total; paid ⇒ amount_paid = total; sent never fully paid',
    sql: `SELECT id, status, amount_paid, total, paid_at FROM invoices
          WHERE amount_paid < 0 OR amount_paid > total
             OR (status = 'paid' AND (amount_paid <> total OR paid_at IS NULL))
             OR (status = 'sent' AND total > 0 AND amount_paid = total)`,
  },
];

/** Every foreign key whose columns include tenant_id: join child to parent on the other columns only. */
async function crossTenantChecks(c) {
  const { rows } = await c.query(`
    SELECT con.conname::text, ch.relname::text AS child, pa.relname::text AS parent,
           array_agg(ca.attname::text ORDER BY k.i) AS child_cols, array_agg(pa_att.attname::text ORDER BY k.i) AS parent_cols
    FROM pg_constraint con
    JOIN pg_class ch ON ch.oid = con.conrelid
    JOIN pg_class pa ON pa.oid = con.confrelid
    JOIN pg_namespace n ON n.oid = ch.relnamespace AND n.nspname = 'public'
    CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(ck, pk, i)
    JOIN pg_attribute ca ON ca.attrelid = con.conrelid AND ca.attnum = k.ck
    JOIN pg_attribute pa_att ON pa_att.attrelid = con.confrelid AND pa_att.attnum = k.pk
    WHERE con.contype = 'f'
    GROUP BY con.conname, ch.relname, pa.relname
    ORDER BY ch.relname, con.conname`);
  const checks = [];
  for (const fk of rows) {
    const pairs = fk.child_cols.map((col, i) => [col, fk.parent_cols[i]]).filter(([col]) => col !== 'tenant_id');
    const childHasTenant = fk.child_cols.includes('tenant_id');
    if (!pairs.length) continue; // (tenant_id) -> tenants(id)
    // parent tables without tenant_id (oauth_clients) are global: nothing to compare
    const { rows: cols } = await c.query(`SELECT 1 FROM information_schema.columns WHERE table_name = $1 AND column_name = 'tenant_id'`, [fk.parent]);
    const { rows: ccols } = await c.query(`SELECT 1 FROM information_schema.columns WHERE table_name = $1 AND column_name = 'tenant_id'`, [fk.child]);
    if (!cols.length || !ccols.length) continue;
    const on = pairs.map(([col, pcol]) => `p."${pcol}" = ch."${col}"`).join(' AND ');
    checks.push({
      name: `${fk.child}.${pairs.map(([c]) => c).join(',')} → ${fk.parent} same tenant (${fk.conname}${childHasTenant ? '' : ', FK without tenant_id'})`,
      sql: `SELECT ${pairs.map(([col]) => `ch."${col}"`).join(', ')}, ch.tenant_id, p.tenant_id AS parent_tenant FROM "${fk.child}" ch JOIN "${fk.parent}" p ON ${on} WHERE p.tenant_id <> ch.tenant_id`,
      fk: true,
    });
  }
  return checks;
}

/**
 * Runs every check; `extra` adds script-specific ones ({name, sql, params}).
 * Returns {checks: [{name, violations, examples}], broken: number of failing checks, fkCount}.
 */
export async function checkInvariants(url, extra = []) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const fkChecks = await crossTenantChecks(c);
    const all = [...MONEY_CHECKS, ...extra, ...fkChecks];
    const out = [];
    for (const check of all) {
      const { rows } = await c.query(check.sql, check.params ?? []);
      out.push({ name: check.name, violations: rows.length, examples: rows.slice(0, 3), fk: !!check.fk });
    }
    return { checks: out, broken: out.filter((x) => x.violations).length, fkCount: fkChecks.length };
  } finally {
    await c.end();
  }
}

export function printInvariants(result, print = console.log) {
  const plain = result.checks.filter((c) => !c.fk);
  const fks = result.checks.filter((c) => c.fk);
  for (const c of plain) print(`  ${c.violations ? 'BROKEN' : 'ok    '}  ${c.name}${c.violations ? `: ${c.violations} rows, e.g. ${JSON.stringify(c.examples)}` : ''}`);
  const badFks = fks.filter((c) => c.violations);
  print(`  ${badFks.length ? 'BROKEN' : 'ok    '}  no row references another tenant's row (${fks.length} foreign keys joined)`);
  for (const c of badFks) print(`          ${c.name}: ${c.violations} rows, e.g. ${JSON.stringify(c.examples)}`);
}
