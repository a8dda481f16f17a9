/**
 * The profile report: the seed's tables applied to measured syscall counts ({@link
 * org.kvlab.bench.report.Interpretation}), the report model with its JSON contract ({@link
 * org.kvlab.bench.report.Report}, {@link org.kvlab.bench.report.Run}), and its Markdown, JSON and HTML writers
 * ({@link org.kvlab.bench.report.ReportWriter}).
 */
package org.kvlab.bench.report;
