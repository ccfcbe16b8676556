// Node test runner reporter that only counts leaf tests (suites excluded) and writes the totals as JSON.
export default async function* countReporter(source) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const failures = [];
  for await (const event of source) {
    const data = event.data ?? {};
    if (data.details?.type === 'suite') continue;
    if (event.type === 'test:pass') {
      if (data.skip || data.todo) skipped++;
      else passed++;
    } else if (event.type === 'test:fail') {
      failed++;
      failures.push(`${data.file ? data.file.replace(process.cwd() + '/', '') + ' › ' : ''}${data.name}`);
    }
  }
  yield JSON.stringify({ passed, failed, skipped, failures });
}
