export const FAKE_MIC: string;
export function chromiumPath(): string;
export function chromiumArgs(extra?: string[]): string[];
