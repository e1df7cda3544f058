package io.chatgateway.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The hardened JSON mapper every adapter shares. */
public final class JsonMappers {

    /** Deepest accepted nesting of objects and arrays. */
    public static final int MAX_NESTING_DEPTH = 256;
    /** Longest accepted number literal, in characters. */
    public static final int MAX_NUMBER_LENGTH = 100;

    private JsonMappers() {}

    /**
     * @param maxBytes the response size cap, which also bounds strings and documents
     * @return a mapper that ignores unknown fields and enforces read constraints
     */
    public static ObjectMapper create(long maxBytes) {
        int cap = (int) Math.min(Integer.MAX_VALUE, maxBytes);
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxStringLength(cap)
                        .maxDocumentLength(maxBytes)
                        .build())
                .build();
        return JsonMapper.builder(factory)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }
}
