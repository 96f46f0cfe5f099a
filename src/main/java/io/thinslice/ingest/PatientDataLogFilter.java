package io.thinslice.ingest;

import io.quarkus.logging.LoggingFilter;
import io.thinslice.dicom.LogRedaction;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.jboss.logmanager.ExtLogRecord;

/**
 * The edge of the ordinary log (console and file handlers, application.properties): no line leaves with patient data
 * in it. The node's own messages name UIDs and job ids only; this catches what libraries write, which the node does
 * not shape: a data set dump or a QIDO-RS URL in a message or in an exception's message is redacted
 * ({@link LogRedaction}), and PixelMed's TRACE output (PDU and data set dumps) is dropped whole.
 */
@LoggingFilter(name = PatientDataLogFilter.NAME)
public final class PatientDataLogFilter implements Filter {

    public static final String NAME = "thinslice-patient-data";
    private static final SimpleFormatter FORMATTER = new SimpleFormatter();

    @Override
    public boolean isLoggable(LogRecord record) {
        String logger = record.getLoggerName();
        if (logger != null && logger.startsWith("com.pixelmed") && record.getLevel().intValue() < Level.FINE.intValue()) {
            return false;
        }
        String message = formatted(record);
        if (LogRedaction.needsRedaction(message)) {
            String redacted = LogRedaction.redact(message);
            if (record instanceof ExtLogRecord ext) {
                ext.setMessage(redacted, ExtLogRecord.FormatStyle.NO_FORMAT);
            } else {
                record.setMessage(redacted);
            }
            record.setParameters(null);
        }
        Throwable thrown = record.getThrown();
        if (thrown != null && needsRedaction(thrown, 0)) {
            record.setThrown(RedactedThrowable.of(thrown, 0));
        }
        return true;
    }

    private static String formatted(LogRecord record) {
        if (record instanceof ExtLogRecord ext) {
            return ext.getFormattedMessage();
        }
        return FORMATTER.formatMessage(record);
    }

    private static boolean needsRedaction(Throwable t, int depth) {
        if (t == null || depth > RedactedThrowable.MAX_DEPTH) {
            return false;
        }
        return LogRedaction.needsRedaction(t.getMessage()) || needsRedaction(t.getCause(), depth + 1);
    }

    /** Stands in for a throwable whose message (or a cause's) quoted patient data: same class name and stack, message redacted. */
    static final class RedactedThrowable extends Throwable {
        static final int MAX_DEPTH = 16;
        private final String className;

        private RedactedThrowable(Throwable original, Throwable cause) {
            super(LogRedaction.redact(original.getMessage()), cause, false, true);
            this.className = original.getClass().getName();
            setStackTrace(original.getStackTrace());
        }

        static RedactedThrowable of(Throwable t, int depth) {
            Throwable cause = t.getCause() == null || t.getCause() == t || depth >= MAX_DEPTH ? null : of(t.getCause(), depth + 1);
            return new RedactedThrowable(t, cause);
        }

        @Override
        public String toString() {
            String m = getMessage();
            return m == null ? className : className + ": " + m;
        }
    }
}
