/** A column of a Markdown table: its heading, whether it is right-aligned (numbers), and its cell. */
export type Column<Row> = readonly [heading: string, numeric: boolean, cell: (row: Row) => string];

/** `rows` as a Markdown table, so that a run's output pastes into docs/performance.md as it is. */
export function markdownTable<Row>(columns: ReadonlyArray<Column<Row>>, rows: readonly Row[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [
    line(columns.map(([heading]) => heading)),
    `|${columns.map(([, numeric]) => (numeric ? '---:' : '---')).join('|')}|`,
    ...rows.map((row) => line(columns.map(([, , cell]) => cell(row)))),
  ].join('\n');
}

/** A number with `digits` decimals, or — when there is none. */
export const fixed = (value: number | null | undefined, digits = 2): string =>
  value === null || value === undefined || Number.isNaN(value) ? '—' : value.toFixed(digits);
