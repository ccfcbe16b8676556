export interface Tables {
  attributes: string;
  properties: string;
  methods: string;
  events: string;
  styling: string;
}
export function renderTables(manifest: unknown): Tables;
export function applyTables(readme: string, tables: Tables): string;
