package org.rtmpcluster.interop;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A DOM as {@code chromium --dump-dom} serialized it, read as a person reads the page: the text of a table row or
 * of an element, markup removed and entities decoded. Enough for pages whose rows carry a {@code data-key} and
 * whose elements of interest carry an {@code id}; not an HTML parser.
 */
public record DumpedDom(String html) {
    /** Tags that end a cell, a line or a block read as a space; inline ones (a span inside a cell) as nothing. */
    private static final Pattern BLOCK_TAG = Pattern.compile("</?(td|th|tr|li|ul|p|div|h\\d)\\b[^>]*>");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");

    /** The text of the row {@code <tr data-key="key">}, or null when there is none. */
    public String rowText(String key) {
        return textOf(Pattern.compile("<tr data-key=\"" + Pattern.quote(escape(key)) + "\"[^>]*>(.*?)</tr>",
                Pattern.DOTALL));
    }

    /** The text of the element {@code id="id"}, or null when there is none. */
    public String elementText(String id) {
        return textOf(Pattern.compile("<(\\w+) id=\"" + Pattern.quote(id) + "\"[^>]*>(.*?)</\\1>", Pattern.DOTALL));
    }

    /** Whether the element {@code id="id"} has the {@code hidden} attribute. */
    public boolean isHidden(String id) {
        Matcher m = Pattern.compile("<\\w+ id=\"" + Pattern.quote(id) + "\"([^>]*)>").matcher(html);
        if (!m.find()) {
            throw new AssertionError("no element with id " + id + " in:\n" + html);
        }
        return m.group(1).matches("(.*\\s)?hidden(=\"\")?(\\s.*)?");
    }

    private String textOf(Pattern element) {
        Matcher m = element.matcher(html);
        if (!m.find()) {
            return null;
        }
        String inner = m.group(m.groupCount());
        String text = TAG.matcher(BLOCK_TAG.matcher(inner).replaceAll(" ")).replaceAll("");
        return unescape(text).replaceAll("\\s+", " ").trim();
    }

    /** What Chromium's serializer escapes in text and attribute values. */
    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String unescape(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&nbsp;", " ")
                .replace("&amp;", "&");
    }
}
