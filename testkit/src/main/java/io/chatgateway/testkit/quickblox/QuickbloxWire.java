package io.chatgateway.testkit.quickblox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chatgateway.testkit.RecordedRequest;
import io.chatgateway.testkit.SimulatorServer.Response;
import io.chatgateway.testkit.SimulatorServer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** QuickBlox's wire forms for the simulator: parameters in, both error shapes out. Stateless. */
final class QuickbloxWire {

    private QuickbloxWire() {
    }

    /** A refusal: answered as is. */
    static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Response response;

        Refusal(Response response) {
            super(null, null, false, false);
            this.response = response;
        }
    }

    static final Pattern OPERATOR = Pattern.compile("([A-Za-z_]+)\\[([a-z]+)]");

    /** Parameters of a POST/PUT (JSON or form) or GET, nested JSON objects flattened as {@code key[sub]}. */
    static Map<String, String> flatParams(ObjectMapper json, RecordedRequest r) {
        Map<String, String> out = new LinkedHashMap<>();
        if (r.method().equals("GET") || r.body().length == 0) {
            out.putAll(single(r.query()));
            return out;
        }
        JsonNode body = bodyJson(json, r);
        flatten("", body, out);
        return out;
    }

    static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        node.fields().forEachRemaining(e -> {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "[" + e.getKey() + "]";
            if (e.getValue().isObject()) {
                flatten(key, e.getValue(), out);
            } else if (!e.getValue().isNull()) {
                out.put(key, e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
            }
        });
    }

    /** The body as a JSON object: JSON as is; a form body with {@code a[b]=c} keys nested. */
    static JsonNode bodyJson(ObjectMapper json, RecordedRequest r) {
        String type = r.header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        String text = r.bodyText();
        if (type.contains("json") || text.trim().startsWith("{")) {
            try {
                JsonNode n = json.readTree(text);
                if (n == null || !n.isObject()) {
                    throw new Refusal(base(400, "The body must be a JSON object"));
                }
                return n;
            } catch (java.io.IOException e) {
                throw new Refusal(base(400, "The body is not valid JSON"));
            }
        }
        ObjectNode root = json.createObjectNode();
        SimulatorServer.parseQuery(text).forEach((k, values) -> {
            String v = values.get(0);
            Matcher m = Pattern.compile("([^\\[]+)\\[([^\\]]*)](?:\\[([^\\]]*)])?").matcher(k);
            if (m.matches()) {
                ObjectNode parent = root.has(m.group(1)) && root.get(m.group(1)).isObject()
                        ? (ObjectNode) root.get(m.group(1)) : root.putObject(m.group(1));
                if (m.group(3) != null) {
                    ObjectNode child = parent.has(m.group(2)) ? (ObjectNode) parent.get(m.group(2)) : parent.putObject(m.group(2));
                    child.put(m.group(3), v);
                } else {
                    parent.put(m.group(2).isEmpty() ? Integer.toString(parent.size()) : m.group(2), v);
                }
            } else {
                root.put(k, v);
            }
        });
        return root;
    }

    static Map<String, String> single(Map<String, List<String>> q) {
        Map<String, String> out = new LinkedHashMap<>();
        q.forEach((k, v) -> out.put(k, v.isEmpty() ? "" : v.get(0)));
        return out;
    }

    static String text(JsonNode n) {
        return n == null || n.isNull() || n.isContainerNode() ? null : n.asText();
    }

    static int intParam(Map<String, String> p, String key, int dflt, int min, int max) {
        String v = p.get(key);
        if (v == null) {
            return dflt;
        }
        if (!v.matches("\\d{1,9}")) {
            throw new Refusal(field(422, key, "must be a non-negative integer"));
        }
        int n = Integer.parseInt(v);
        if (n < min) {
            throw new Refusal(field(422, key, "must be at least " + min));
        }
        return Math.min(n, max);
    }

    static long longOr(String v, String key, long dflt) {
        if (v == null) {
            return dflt;
        }
        if (!v.trim().matches("-?\\d{1,18}")) {
            throw new Refusal(field(422, key, "must be an integer, not '" + v + "'"));
        }
        return Long.parseLong(v.trim());
    }

    static Set<Long> longs(String key, String csv) {
        Set<Long> out = new HashSet<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                out.add(longOr(s.trim(), key, 0));
            }
        }
        return out;
    }

    /** Unix seconds, or an ISO-8601 time. */
    static long seconds(String key, String v) {
        if (v.trim().matches("\\d{1,12}")) {
            return Long.parseLong(v.trim());
        }
        try {
            return Instant.parse(v.trim()).getEpochSecond();
        } catch (DateTimeParseException e) {
            throw new Refusal(field(422, key, "must be Unix seconds or an ISO-8601 time"));
        }
    }

    static List<String> idsOf(String path, String prefix) {
        String ids = path.substring(prefix.length(), path.length() - ".json".length());
        return ids.isEmpty() ? List.of() : List.of(ids.split(","));
    }

    static boolean compare(long x, String op, long bound) {
        return switch (op) {
            case "lt" -> x < bound;
            case "lte" -> x <= bound;
            case "gt" -> x > bound;
            default -> x >= bound;
        };
    }

    static String iso(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    static void putOrNull(ObjectNode n, String key, String value) {
        if (value == null) {
            n.putNull(key);
        } else {
            n.put(key, value);
        }
    }

    static Response notAllowed() {
        return errors(405, "Method not allowed");
    }

    /** @return {@code {"errors":["message"]}} */
    static Response errors(int status, String message) {
        return Response.json(status, "{\"errors\":[" + quote(message) + "]}");
    }

    /** @return {@code {"errors":{"base":["message"]}}} */
    static Response base(int status, String message) {
        return field(status, "base", message);
    }

    /** @return {@code {"errors":{"<field>":["message"]}}} */
    static Response field(int status, String field, String message) {
        return Response.json(status, "{\"errors\":{" + quote(field) + ":[" + quote(message) + "]}}");
    }

    static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static long needUser(long user) {
        if (user == 0) {
            throw new Refusal(base(403, "Forbidden. Need user."));
        }
        return user;
    }

}
