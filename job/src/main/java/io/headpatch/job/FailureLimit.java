package io.headpatch.job;

/**
 * How many failed files (IO_ERROR, GONE, CHANGED_SINCE_SCAN) a job accepts before it fails:
 * a count ({@code 100}), a percentage of the manifest ({@code 2.5%}), or none (empty).
 */
public record FailureLimit(Long count, Double percent) {

    public static final FailureLimit NONE = new FailureLimit(null, null);

    /** @throws IllegalArgumentException with the offending text */
    public static FailureLimit parse(String text) {
        if (text == null || text.isBlank()) {
            return NONE;
        }
        String value = text.strip();
        try {
            if (value.endsWith("%")) {
                double percent = Double.parseDouble(value.substring(0, value.length() - 1));
                if (percent < 0 || percent > 100) {
                    throw new IllegalArgumentException("max-failures=" + text + " is not a percentage between 0% and 100%");
                }
                return new FailureLimit(null, percent);
            }
            long count = Long.parseLong(value);
            if (count < 0) {
                throw new IllegalArgumentException("max-failures=" + text + " is negative");
            }
            return new FailureLimit(count, null);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("max-failures=" + text + " is neither a count (100) nor a percentage (2.5%)");
        }
    }

    public boolean exceededBy(long failures, long total) {
        if (count != null) {
            return failures > count;
        }
        if (percent != null) {
            return total > 0 && failures * 100.0 / total > percent;
        }
        return false;
    }

    @Override
    public String toString() {
        return count != null ? count.toString() : percent != null ? percent + "%" : "";
    }
}
