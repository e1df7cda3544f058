package io.chatgateway.testkit.navixy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.jspecify.annotations.Nullable;

/** A Navixy error answer. */
final class NavixyError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int code;
    final int http;
    final transient @Nullable ArrayNode errors;

    NavixyError(int code, String description, int http, @Nullable ArrayNode errors) {
        super(description, null, false, false);
        this.code = code;
        this.http = http;
        this.errors = errors;
    }

    static NavixyError invalid(String parameter, String error) {
        ArrayNode errors = JsonNodeFactory.instance.arrayNode();
        errors.addObject().put("parameter", parameter).put("error", error);
        return new NavixyError(7, "Invalid parameters", 400, errors);
    }
}
