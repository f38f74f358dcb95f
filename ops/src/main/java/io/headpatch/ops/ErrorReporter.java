package io.headpatch.ops;

import io.headpatch.job.JobRequestException;
import io.headpatch.job.ScanInputException;
import io.headpatch.worker.spec.SpecException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.EmptyResultDataAccessException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.function.BooleanSupplier;

/**
 * Turns every failure into one line on stderr and its exit code ({@link ExitCodes}); the stack
 * trace only with {@code --verbose}.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {

    private final BooleanSupplier verbose;

    ErrorReporter(BooleanSupplier verbose) {
        this.verbose = verbose;
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(command.getCommandSpec().qualifiedName() + ": " + oneLine(e.getMessage()) + suggestions(e)
                + " (see '" + command.getCommandSpec().qualifiedName() + " --help')");
        if (verbose.getAsBoolean() || argsAskForVerbose(args)) {
            e.printStackTrace(err);
        }
        err.flush();
        return ExitCodes.USAGE;
    }

    @Override
    public int handleExecutionException(Exception thrown, CommandLine command, ParseResult parseResult) {
        PrintWriter err = command.getErr();
        Throwable e = thrown instanceof UnfinishedRunException unfinished ? unfinished.getCause() : thrown;
        int exitCode = exitCode(e);
        String message = oneLine(message(e)) + (thrown instanceof UnfinishedRunException unfinished
                ? "; once that is fixed, resume it with: " + unfinished.resumeCommand() : "");
        err.println(command.getCommandSpec().qualifiedName() + ": " + (exitCode == ExitCodes.FAILED && !(e instanceof UserException)
                ? "unexpected error: " + message + (verbose.getAsBoolean() ? "" : " (--verbose shows the stack trace)")
                : message));
        if (verbose.getAsBoolean()) {
            e.printStackTrace(err);
        }
        err.flush();
        return exitCode;
    }

    /** picocli's nearest match of a mistyped command or option ({@code lauch}, {@code --thread}). */
    private static String suggestions(ParameterException e) {
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            return "; did you mean " + unmatched.getSuggestions().get(0) + "?";
        }
        return "";
    }

    static int exitCode(Throwable e) {
        if (e instanceof UserException user) {
            return user.exitCode();
        }
        if (e instanceof JobRequestException request) {
            return request.problem() == JobRequestException.Problem.INPUT ? ExitCodes.USAGE : ExitCodes.CONFLICT;
        }
        if (e instanceof SpecException || e instanceof ScanInputException) {
            return ExitCodes.USAGE;
        }
        if (e instanceof EmptyResultDataAccessException) {
            return ExitCodes.CONFLICT;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof DataAccessResourceFailureException
                    || cause instanceof SQLTransientConnectionException
                    || cause instanceof ConnectException
                    || cause instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return ExitCodes.DATABASE;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return ExitCodes.FAILED;
    }

    private static String message(Throwable e) {
        if (e instanceof UserException || e instanceof JobRequestException || e instanceof SpecException
                || e instanceof ScanInputException) {
            return e.getMessage();
        }
        if (e instanceof EmptyResultDataAccessException) {
            return "not found: " + e.getMessage();
        }
        if (exitCode(e) == ExitCodes.DATABASE) {
            return "lost the database: " + deepest(e);
        }
        return deepest(e);
    }

    private static String deepest(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }

    static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    private static boolean argsAskForVerbose(String[] args) {
        for (String arg : args) {
            if (arg.equals("--verbose") || arg.equals("-v")) {
                return true;
            }
        }
        return false;
    }
}
