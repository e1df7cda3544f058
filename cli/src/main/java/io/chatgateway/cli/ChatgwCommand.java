package io.chatgateway.cli;

import io.chatgateway.ChatGatewayException;
import io.chatgateway.InvalidConfigurationException;
import io.chatgateway.InvalidRequestException;
import io.chatgateway.spi.Futures;
import java.lang.reflect.Constructor;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/**
 * {@code chatgw}: the chat-gateway command line. Every operation of {@link io.chatgateway.ChatGateway} on
 * configured accounts, or on the sandbox of built-in provider simulators when none are configured.
 *
 * <p>Exit codes: 0 ok, 1 provider or runtime error, 2 usage error. Errors print one line on stderr.
 */
@Command(name = "chatgw",
        mixinStandardHelpOptions = true,
        versionProvider = ChatgwCommand.Version.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        headerHeading = "",
        header = "One command line for Navixy tracker chat, SMSBAT ChatHub and QuickBlox.",
        description = {
            "Without --config or $CHATGW_CONFIG, chatgw runs in sandbox mode: the provider simulators start "
                    + "in-process with demo data (accounts fleet = navixy, support = smsbat, app = quickblox).",
            "References: conversations as account:id (fleet:5501), messages as account:conversation/message (fleet:5501/42)."},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  ok", "  1  provider or runtime error", "  2  usage error",
            "", "Try: chatgw demo"},
        subcommands = {
            ProvidersCommand.class,
            ConversationsCommand.class,
            MessagesCommand.class,
            SendCommand.class,
            BroadcastCommand.class,
            ReadCommand.class,
            UnreadCommand.class,
            StatusCommand.class,
            DeleteCommand.class,
            WatchCommand.class,
            OutboxCommand.class,
            DemoCommand.class,
            SimulateCommand.class,
            CommandLine.HelpCommand.class
        })
public final class ChatgwCommand implements Callable<Integer> {

    /** Exit code of a successful run. */
    static final int OK = 0;
    /** Exit code of a provider or runtime error. */
    static final int FAILED = 1;
    /** Exit code of a usage error. */
    static final int USAGE = 2;

    @Spec
    private CommandSpec spec;

    @Mixin
    private GlobalOptions options;

    ChatgwCommand() {
    }

    /**
     * Runs {@code chatgw} and exits with its exit code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args, Context.system()));
    }

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command; name one of "
                + String.join(", ", spec.subcommands().keySet().stream().filter(n -> !n.equals("help")).toList()) + ".");
    }

    /**
     * Runs one command line in the given context and closes the context.
     *
     * @return the exit code
     */
    static int run(String[] args, Context context) {
        try {
            return commandLine(context).execute(args);
        } finally {
            context.close();
        }
    }

    static CommandLine commandLine(Context context) {
        CommandLine cl = new CommandLine(ChatgwCommand.class, new Factory(context));
        cl.setOut(context.out);
        cl.setErr(context.err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandSpec where = ex.getCommandLine().getCommandSpec();
            context.err.println(where.qualifiedName() + ": " + Table.oneLine(firstLine(ex.getMessage()))
                    + " (see '" + where.qualifiedName() + " --help')");
            context.err.flush();
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Throwable e = unwrap(ex);
            LoggerFactory.getLogger(ChatgwCommand.class).debug("The command failed", e);
            context.err.println("chatgw: " + describe(e));
            context.err.flush();
            return exitCode(e);
        });
        return cl;
    }

    static Throwable unwrap(Throwable e) {
        return Futures.unwrap(e);
    }

    static int exitCode(Throwable e) {
        if (e instanceof UsageException || e instanceof InvalidRequestException
                || e instanceof InvalidConfigurationException || e instanceof CommandLine.ParameterException) {
            return USAGE;
        }
        return FAILED;
    }

    /** @param e an error @return its one-line description, without stack trace */
    static String describe(Throwable e) {
        String message = e.getMessage() == null ? "" : Table.oneLine(e.getMessage());
        if (e instanceof ChatGatewayException || e instanceof UsageException || e instanceof CliFailure) {
            return message;
        }
        return "unexpected " + e.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message)
                + " (run with -v for details)";
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "invalid command line";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }

    /** Creates commands and mixins with the run's {@link Context}. */
    private static final class Factory implements CommandLine.IFactory {
        private final Context context;
        private final CommandLine.IFactory fallback = CommandLine.defaultFactory();

        Factory(Context context) {
            this.context = context;
        }

        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                Constructor<K> constructor = type.getDeclaredConstructor(Context.class);
                constructor.setAccessible(true);
                return constructor.newInstance(context);
            } catch (NoSuchMethodException e) {
                return fallback.create(type);
            }
        }
    }

    /** The version of the jar, from its manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = ChatgwCommand.class.getPackage().getImplementationVersion();
            return new String[] {"chatgw " + (v == null ? "(development build)" : v),
                "Java " + System.getProperty("java.version")};
        }
    }
}
