package io.gatelist.report;

import com.fasterxml.jackson.core.JsonGenerator;
import io.gatelist.overlap.Overlap;
import io.gatelist.overlap.OverlapCode;
import io.gatelist.overlap.OverlapGroup;
import io.gatelist.overlap.OverlapJson;
import io.gatelist.overlap.OverlapSummary;
import io.gatelist.overlap.OverlapText;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The overlap section of an import's reports: totals per code, then the findings grouped by their wider entry,
 * each group once with its exact count and capped examples, so that a range containing thousands of others is
 * one bounded block. Every finding is listed by {@code gatelist overlaps --json}.
 */
public final class OverlapReportSection {

    private OverlapReportSection() {
    }

    /** Writes a page of its own (the analyse-overlaps job's {@code overlaps.html}), atomically. */
    public static void writePage(Path target, String title, OverlapSummary summary) throws IOException {
        HtmlPage page = new HtmlPage(title);
        page.raw("<h1>" + Html.escape(title) + "</h1>");
        writeHtml(page, "Overlaps in the live lists", summary);
        page.writeTo(target);
    }

    /**
     * Writes the {@code overlaps} field of report.json:
     * {@code {"entries":N,"totals":{code:n},"widerEntries":{code:n},"groups":[{"code","severity","meaning","a",
     * "count","examples":[finding…]}],"complete":bool}}; {@code null} when no analysis was recorded.
     */
    static void writeJson(JsonGenerator g, OverlapSummary summary) throws IOException {
        g.writeFieldName("overlaps");
        if (summary == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeNumberField("entries", summary.entries());
        writeCounts(g, "totals", summary.totals());
        writeCounts(g, "widerEntries", summary.widerEntries());
        g.writeArrayFieldStart("groups");
        long listed = 0;
        for (OverlapGroup group : summary.groups()) {
            g.writeStartObject();
            g.writeStringField("code", group.code().code());
            g.writeStringField("severity", group.severity().id());
            g.writeStringField("meaning", group.code().meaning());
            OverlapJson.writeEntry(g, "a", group.wider());
            g.writeNumberField("count", group.count());
            g.writeStringField("fix", group.fix());
            g.writeArrayFieldStart("examples");
            for (Overlap o : group.examples()) {
                OverlapJson.write(g, o);
            }
            g.writeEndArray();
            g.writeEndObject();
            listed += group.examples().size();
        }
        g.writeEndArray();
        g.writeBooleanField("complete", listed == summary.total());
        g.writeEndObject();
    }

    private static void writeCounts(JsonGenerator g, String name, Map<OverlapCode, Long> counts) throws IOException {
        g.writeObjectFieldStart(name);
        for (OverlapCode code : OverlapCode.values()) {
            if (counts.containsKey(code)) {
                g.writeNumberField(code.code(), counts.get(code));
            }
        }
        g.writeEndObject();
    }

    /** Appends the HTML section to an import's report. */
    static void writeHtml(HtmlPage page, OverlapSummary summary) {
        writeHtml(page, "Overlaps in the lists after this import", summary);
    }

    private static void writeHtml(HtmlPage page, String heading, OverlapSummary summary) {
        page.raw("<h2>" + Html.escape(heading) + "</h2>");
        if (summary == null) {
            page.raw("<p>Not analysed.</p>");
            return;
        }
        if (summary.totals().isEmpty()) {
            page.raw("<p>None in " + String.format(Locale.ROOT, "%,d", summary.entries())
                    + " entries: no entry of one list overlaps another entry.</p>");
            return;
        }
        page.raw("<ul>");
        for (OverlapCode code : OverlapCode.values()) {
            if (summary.total(code) > 0) {
                page.raw("<li>" + badge(code) + " <code>" + code.code() + "</code> × " + summary.total(code)
                        + " under " + summary.widerEntries().getOrDefault(code, 0L) + " wider entr"
                        + (summary.widerEntries().getOrDefault(code, 0L) == 1 ? "y" : "ies") + ": "
                        + Html.escape(code.meaning()) + ".</li>");
            }
        }
        page.raw("</ul>");
        for (OverlapCode code : OverlapCode.values()) {
            List<OverlapGroup> groups = summary.groups(code);
            long shown = 0;
            for (OverlapGroup group : groups) {
                shown += group.count();
                page.raw("<section class=\"overlap\"><h3>" + badge(code) + " <code>" + code.code() + "</code>: "
                        + Html.escape(group.heading()) + "</h3><ul>");
                for (Overlap o : group.examples()) {
                    page.raw("<li>" + Html.escape(o.message()) + "</li>");
                }
                page.raw("</ul>");
                if (group.notShown() > 0) {
                    page.raw("<p class=\"more\">" + String.format(Locale.ROOT, "%,d", group.notShown())
                            + " more: " + OverlapText.EVERY_FINDING + ".</p>");
                }
                if (group.fix() != null) {
                    page.raw("<p class=\"rule\">Fix: " + Html.escape(group.fix()) + ".</p>");
                }
                page.raw("</section>");
            }
            long moreGroups = summary.widerEntries().getOrDefault(code, 0L) - groups.size();
            if (moreGroups > 0) {
                page.raw("<p class=\"more\">" + moreGroups + " more wider entries with "
                        + (summary.total(code) - shown) + " <code>" + code.code() + "</code> findings: "
                        + OverlapText.EVERY_FINDING + ".</p>");
            }
        }
    }

    private static String badge(OverlapCode code) {
        return "<span class=\"sev " + code.severity().id() + "\">" + code.severity().id() + "</span>";
    }
}
