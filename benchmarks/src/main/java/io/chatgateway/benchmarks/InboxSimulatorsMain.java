package io.chatgateway.benchmarks;

import io.chatgateway.testkit.ProviderSimulator;
import io.chatgateway.testkit.navixy.NavixySimulator;
import io.chatgateway.testkit.quickblox.QuickbloxSimulator;
import io.chatgateway.testkit.smsbat.SmsbatSimulator;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * The simulators of {@link InboxBenchmark} in a JVM of their own (so the gateway's JVM under measurement
 * holds only the gateway): starts them on free ports, seeds them, prints one {@code SIM <name> <key>=<value>...}
 * line of account properties each, {@code ACTIVE <name> <id>,<id>...} for the conversations that will get
 * messages, then {@code READY}. It answers {@code COUNTS} on its input with
 * {@code COUNTS <name>=<requests> ...} (provider requests so far) and {@code CLEAR} by forgetting them; it exits
 * when its input closes.
 *
 * <pre>java -cp benchmarks.jar io.chatgateway.benchmarks.InboxSimulatorsMain lag|drain</pre>
 */
public final class InboxSimulatorsMain {

    private InboxSimulatorsMain() {}

    /**
     * @param args {@code lag} (3 busy accounts of 1 000 conversations, 10 of them active, and 3 idle ones) or
     *             {@code drain [messages] [conversations]} (one Navixy account with a backlog)
     * @throws Exception when a simulator cannot start
     */
    public static void main(String[] args) throws Exception {
        Map<String, ProviderSimulator> sims = new LinkedHashMap<>();
        Map<String, List<String>> active = new LinkedHashMap<>();
        Instant old = Instant.now().minus(Duration.ofDays(3));
        if (args.length > 0 && args[0].equals("drain")) {
            int messages = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
            int conversations = args.length > 2 ? Integer.parseInt(args[2]) : 100;
            NavixySimulator n = new NavixySimulator();
            List<String> ids = new ArrayList<>();
            for (int c = 0; c < conversations; c++) {
                long tracker = n.addTracker("backlog " + c);
                ids.add(Long.toString(tracker));
                for (int i = 0; i < messages / conversations; i++) {
                    // ten per second: pages end inside a second, as they do in a real backlog
                    n.addIncoming(tracker, "b-" + c + "-" + i, old.plusSeconds(i / 10), 4000L + c);
                }
            }
            sims.put("drain", n);
            active.put("drain", ids);
        } else {
            sims.put("navixy", navixy(1000, 10, old, active, "navixy"));
            sims.put("smsbat", smsbat(1000, 10, old, active, "smsbat"));
            sims.put("quickblox", quickblox(1000, 10, old, active, "quickblox"));
            sims.put("navixy-idle", navixy(300, 0, old, active, "navixy-idle"));
            sims.put("smsbat-idle", smsbat(1000, 0, old, active, "smsbat-idle"));
            sims.put("quickblox-idle", quickblox(1000, 0, old, active, "quickblox-idle"));
        }
        for (Map.Entry<String, ProviderSimulator> e : sims.entrySet()) {
            String props = e.getValue().accountProperties(e.getKey()).entrySet().stream()
                    .map(p -> p.getKey() + "=" + p.getValue()).collect(Collectors.joining(" "));
            System.out.println("SIM " + e.getKey() + " " + props);
            System.out.println("ADMIN " + e.getKey() + " " + e.getValue().adminUri());
        }
        active.forEach((name, ids) -> System.out.println("ACTIVE " + name + " " + String.join(",", ids)));
        sims.values().forEach(s -> s.server().clearRequests());
        System.out.println("READY");
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.equals("COUNTS")) {
                System.out.println("COUNTS " + sims.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue().server().requestCount()).collect(Collectors.joining(" ")));
            } else if (line.equals("CLEAR")) {
                sims.values().forEach(s -> s.server().clearRequests());
                System.out.println("CLEARED");
            }
            System.out.flush();
        }
        sims.values().forEach(ProviderSimulator::close);
    }

    private static NavixySimulator navixy(int conversations, int busy, Instant old, Map<String, List<String>> active,
                                          String name) {
        NavixySimulator s = new NavixySimulator();
        seed(conversations, busy, active, name, c -> {
            long tracker = s.addTracker("tracker " + c);
            s.addIncoming(tracker, "history", old.plusSeconds(c), 3000L);
            return Long.toString(tracker);
        });
        return s;
    }

    private static SmsbatSimulator smsbat(int conversations, int busy, Instant old, Map<String, List<String>> active,
                                          String name) {
        SmsbatSimulator s = new SmsbatSimulator(0);
        seed(conversations, busy, active, name, c -> {
            long chat = s.createChat("chat " + c, "Client " + c, "38093" + (1_000_000 + c), SmsbatSimulator.SOURCE_VIBER_BOT);
            s.addMessage(chat, SmsbatSimulator.AUTHOR_CLIENT, "history", old.plusSeconds(c));
            return Long.toString(chat);
        });
        return s;
    }

    private static QuickbloxSimulator quickblox(int conversations, int busy, Instant old, Map<String, List<String>> active,
                                                String name) {
        QuickbloxSimulator s = new QuickbloxSimulator();
        seed(conversations, busy, active, name, c -> {
            long customer = s.addUser();
            String dialog = s.createDialog(QuickbloxSimulator.PRIVATE, "Customer " + c, QuickbloxSimulator.DEMO_USER_ID,
                    customer);
            s.addMessage(dialog, customer, "history", old.getEpochSecond() + c);
            return dialog;
        });
        return s;
    }

    /** Creates {@code conversations} with one old message each; the first {@code busy} are the active ones. */
    private static void seed(int conversations, int busy, Map<String, List<String>> active, String name,
                             IntFunction<String> create) {
        List<String> ids = new ArrayList<>();
        for (int c = 0; c < conversations; c++) {
            String id = create.apply(c);
            if (c < busy) {
                ids.add(id);
            }
        }
        active.put(name, ids);
    }
}
