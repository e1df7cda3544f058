package io.chatgateway.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;

/** Sanity checks that make a benchmark fail instead of measuring errors. */
final class Checks {

    private Checks() {}

    static void sameMessages(int gatewayItems, JsonNode raw, int expected, String provider) {
        JsonNode list = raw.isArray() ? raw : raw.has("list") ? raw.get("list") : raw.get("items");
        int rawItems = list == null ? -1 : list.size();
        if (gatewayItems != expected || rawItems != expected) {
            throw new IllegalStateException(provider + ": expected " + expected + " messages on the first page, the gateway got "
                    + gatewayItems + " and the raw call " + rawItems);
        }
    }

    static void noUnexpectedRequests(String what) {
        if (StubStats.unexpected() > 0) {
            throw new IllegalStateException(what + ": the stub saw " + StubStats.unexpected()
                    + " request(s) it could not answer, first: " + StubStats.firstUnexpected());
        }
    }
}
