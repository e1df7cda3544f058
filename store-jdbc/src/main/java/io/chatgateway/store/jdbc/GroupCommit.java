package io.chatgateway.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes that arrive while another is being committed share the next transaction: one commit for all of them.
 * On H2 a commit is the expensive part of a small write (the file store writes a chunk per commit), and the
 * outbox records many outcomes at once. Each caller gets its own write's result, or the group's failure (then
 * nothing of the group was written). The caller that finds no commit running writes its group at once, so a
 * lone write waits for nothing; a group is led by the first caller waiting in it. Thread-safe.
 */
final class GroupCommit {

    /** One write: its statements on the group's connection, returning its result. */
    @FunctionalInterface
    interface Write {
        /**
         * @param c the connection, in the group's transaction
         * @return the write's result
         * @throws SQLException on a database error (the whole group is rolled back)
         */
        boolean on(Connection c) throws SQLException;
    }

    private static final class Pending {
        final Write write;
        boolean done;
        boolean lead;
        boolean result;
        RuntimeException failure;

        Pending(Write write) {
            this.write = write;
        }
    }

    private final JdbcStores stores;
    /** Writes waiting for the next transaction. */
    private List<Pending> waiting = new ArrayList<>();
    /** Whether a caller is writing a group now. */
    private boolean writing;

    GroupCommit(JdbcStores stores) {
        this.stores = stores;
    }

    /**
     * @param what  what is being written, for the error
     * @param write the write
     * @return its result
     * @throws io.chatgateway.store.StoreUnavailableException when the group's transaction failed
     */
    boolean write(String what, Write write) {
        Pending me = new Pending(write);
        List<Pending> group;
        synchronized (this) {
            waiting.add(me);
            boolean interrupted = false;
            while (writing && !me.done && !me.lead) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true; // the write is queued: it is committed (or fails) all the same
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            if (me.done) {
                return result(me);
            }
            writing = true;
            group = waiting;
            waiting = new ArrayList<>();
        }
        try {
            List<Boolean> results = Sql.inTransaction(stores, group.size() == 1 ? what : what + " (with "
                    + (group.size() - 1) + " more outcomes)", c -> {
                List<Boolean> out = new ArrayList<>(group.size());
                for (Pending p : group) {
                    out.add(p.write.on(c));
                }
                return out;
            });
            for (int i = 0; i < group.size(); i++) {
                group.get(i).result = results.get(i);
            }
        } catch (RuntimeException e) {
            for (Pending p : group) {
                p.failure = e;
            }
        } finally {
            synchronized (this) {
                for (Pending p : group) {
                    p.done = true;
                }
                if (waiting.isEmpty()) {
                    writing = false;
                } else {
                    waiting.get(0).lead = true; // the next group is led by its first caller
                }
                notifyAll();
            }
        }
        return result(me);
    }

    private static boolean result(Pending p) {
        if (p.failure != null) {
            throw p.failure;
        }
        return p.result;
    }
}
