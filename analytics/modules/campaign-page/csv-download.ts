/**
 * A CSV file download, for every page's charts (campaign, activity, cohort). The byte order mark
 * makes spreadsheet programs read it as UTF-8 (Korean names stay readable); the file name keeps
 * only letters, digits, dot, dash and underscore; the numbers are live, so never cached.
 */
export function csvDownload(name: string, csv: string): Response {
  const filename = name.replace(/[^A-Za-z0-9._-]/g, '_')
  return new Response(`\uFEFF${csv}`, {
    headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}.csv"`, 'cache-control': 'no-store' },
  })
}
