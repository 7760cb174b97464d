package org.rtmpcluster.http;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A list request's page, as MediaMTX's API takes it: {@code ?page=} (0-based) and {@code ?itemsPerPage=}; the
 * answer is {@code {itemCount, pageCount, items}}. Pages are bounded so that one request costs the same at any
 * cluster size.
 */
record Paging(int page, int itemsPerPage) {
    static final int DEFAULT_ITEMS_PER_PAGE = 100;
    static final int MAX_ITEMS_PER_PAGE = 1000;
    /** Beyond any cluster's stream count; keeps {@code page * itemsPerPage} far from overflow. */
    static final int MAX_PAGE = 1_000_000;

    /** Reads the query; throws {@link IllegalArgumentException} naming the parameter and the value seen. */
    static Paging of(MultiMap query) {
        return new Paging(number(query, "page", 0, 0, MAX_PAGE),
                number(query, "itemsPerPage", DEFAULT_ITEMS_PER_PAGE, 1, MAX_ITEMS_PER_PAGE));
    }

    private static int number(MultiMap query, String name, int absent, int min, int max) {
        String text = query.get(name);
        if (text == null) {
            return absent;
        }
        try {
            int n = Integer.parseInt(text);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        throw new IllegalArgumentException(name + " '" + Json.quote(text) + "' is not a whole number in " + min
                + ".." + max);
    }

    int offset() {
        return page * itemsPerPage;
    }

    JsonObject answer(long itemCount, JsonArray items) {
        return new JsonObject().put("itemCount", itemCount)
                .put("pageCount", (itemCount + itemsPerPage - 1) / itemsPerPage).put("items", items);
    }
}
