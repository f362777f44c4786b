package io.gatelist.report;

import io.gatelist.io.AtomicFile;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A self-contained HTML page (inline style, no scripts, no external resources) so that a report opens from disk
 * in any browser. Callers escape every value with {@link Html#escape(Object)}; {@link #raw} takes markup.
 */
final class HtmlPage {

    private static final String STYLE = """
            body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2em auto;max-width:1100px;\
            color:#1d2433;padding:0 1em}
            h1{font-size:1.5em}h2{margin-top:1.8em;border-bottom:1px solid #d8dde6;padding-bottom:.2em}
            h3{font-size:1.05em;margin:1.2em 0 .4em}
            table{border-collapse:collapse;width:100%;margin:.4em 0}th,td{text-align:left;padding:.3em .6em;\
            border-bottom:1px solid #e6e9ef;vertical-align:top}thead th{background:#f3f5f9}
            table.summary{width:auto}table.summary th{font-weight:600;padding-right:2em}
            code{font:12.5px ui-monospace,SFMono-Regular,Menlo,monospace;background:#f3f5f9;padding:0 .25em;\
            border-radius:3px;word-break:break-all}
            .sev,.state{display:inline-block;border-radius:3px;padding:0 .45em;font-size:.85em;font-weight:600;\
            text-transform:uppercase;letter-spacing:.02em}
            .sev.error,.state.rejected,.state.failed{background:#fde2e1;color:#a4161a}
            .sev.warning,.state.validating,.state.claimed{background:#fff3cd;color:#7a5a00}
            .sev.info,.state.duplicate{background:#e2ecfd;color:#1d4ed8}.state.accepted{background:#dcfce7;color:#166534}
            .rule,.more,.message,.crumbs{color:#4b5565}
            """;

    private final StringBuilder body = new StringBuilder(8192);
    private final String title;

    HtmlPage(String title) {
        this.title = title;
    }

    HtmlPage raw(String markup) {
        body.append(markup).append('\n');
        return this;
    }

    void writeTo(Path target) throws IOException {
        String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                + "<title>" + Html.escape(title) + "</title><style>" + STYLE + "</style></head><body>\n" + body
                + "</body></html>\n";
        // Several nodes sharing a home may rewrite the same page at once: each writes a temporary file of its own.
        AtomicFile.writeText(target, AtomicFile.Access.OWNER, out -> out.write(html));
    }
}
