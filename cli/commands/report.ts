// Placeholder until the owning module lands; replaced by the real command.
export async function main(_argv: string[]): Promise<number> {
  process.stderr.write('ftlab report: not available yet\n');
  return 2;
}
