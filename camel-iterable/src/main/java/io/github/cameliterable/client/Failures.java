package io.github.cameliterable.client;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** What went wrong in an asynchronous call, without the wrappers futures add around it. */
public final class Failures {
    private Failures() {
    }

    /** The failure inside any CompletionException and ExecutionException wrappers. */
    public static Throwable cause(Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof CompletionException || cause instanceof ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The failure in a few words for a report: its type and message. */
    public static String describe(Throwable failure) {
        Throwable cause = cause(failure);
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
