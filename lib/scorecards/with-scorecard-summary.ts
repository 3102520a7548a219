// List documents are stored without their scorecard (it changes on its own schedule); its
// summary is spliced in as read, text into text, without parsing the document.

/** The stored document `doc` (a JSON object) with `"scorecard": summary` added (null when unscored). */
export function withScorecardSummary(doc: string, summary: string | null): string {
  const end = doc.lastIndexOf("}");
  return `${doc.slice(0, end)},"scorecard":${summary ?? "null"}${doc.slice(end)}`;
}

/** The CSV columns of a scorecard summary (level, failing checks), for exports of the catalog. */
export function scorecardCsvColumns(summary: { level: string; failing: string[] } | null): { level: string; failing: string } {
  return { level: summary?.level ?? "", failing: summary?.failing.join(" ") ?? "" };
}
