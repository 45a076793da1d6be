package io.github.cameliterable;

import java.lang.reflect.Field;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.cameliterable.mapping.IterableRules;
import io.github.cameliterable.sync.EventType;
import org.apache.camel.spi.UriParam;

/**
 * Option values Camel would take without a word: it reads a number from a text as a duration, so
 * {@code listId=abc} became list 0 and {@code linger=abc} 0 ms; and values out of their range
 * ({@code maxRemovalPercent=150}, {@code batchSize=-5}) that were accepted. Refused as the endpoint is created, with
 * the option and its value named.
 */
final class OptionChecks {
    private static final Pattern WHOLE_NUMBER = Pattern.compile("\\s*[-+]?\\d+\\s*");
    /** Milliseconds, Camel's {@code 1h30m}, {@code 5s}, {@code 100ms}, or ISO-8601 ({@code PT5S}). */
    private static final Pattern DURATION = Pattern.compile(
            "\\s*([-+]?\\d+|(\\d+(\\.\\d+)?\\s*[a-zA-Z]+\\s*)+|[pP][tT]?[0-9.a-zA-Z]+)\\s*");
    /** The options' names, lower-cased (Camel takes either case): the numeric ones, and the durations. */
    private static final Set<String> NUMBERS = names(field -> isNumber(field.getType()));
    private static final Set<String> DURATIONS = names(
            field -> "java.time.Duration".equals(field.getAnnotation(UriParam.class).javaType()));

    private OptionChecks() {
    }

    private static Set<String> names(Predicate<Field> which) {
        return Stream.of(IterableConfiguration.class.getDeclaredFields())
                .filter(field -> field.isAnnotationPresent(UriParam.class) && which.test(field))
                .map(field -> field.getName().toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    private static boolean isNumber(Class<?> type) {
        return type == int.class || type == long.class || type == Integer.class || type == Long.class;
    }

    /** The URI's numbers and durations as written, before Camel converts them. */
    static void checkText(String syncType, Map<String, Object> parameters) {
        parameters.forEach((name, value) -> {
            String option = name.toLowerCase(Locale.ROOT);
            if (!(value instanceof String text) || text.startsWith("#") || !NUMBERS.contains(option)) {
                return;
            }
            boolean duration = DURATIONS.contains(option);
            if (duration ? !DURATION.matcher(text).matches() : !WHOLE_NUMBER.matcher(text).matches()) {
                throw new IllegalArgumentException("Option " + name + "='" + text + "' of iterable:" + syncType + " is not "
                        + (duration ? "a duration (such as 100ms, 5s, 2m or milliseconds)" : "a whole number"));
            }
        });
    }

    /** The options' values within their ranges, whether set on the endpoint or on the component. */
    static void checkRanges(String syncType, IterableConfiguration c) {
        atLeast(syncType, "batchSize", c.getBatchSize(), 0);
        atLeast(syncType, "maxBatchBytes", c.getMaxBatchBytes(), 0);
        atLeast(syncType, "maxConcurrentRequests", c.getMaxConcurrentRequests(), 1);
        atLeast(syncType, "linger", c.getLinger(), 0);
        atLeast(syncType, "leaseWaitTime", c.getLeaseWaitTime(), 0);
        atLeast(syncType, "rateLimit", c.getRateLimit(), 0);
        atLeast(syncType, "dailyActionCap", c.getDailyActionCap(), 0);
        atLeast(syncType, "maxFailedRecords", c.getMaxFailedRecords(), -1);
        atLeast(syncType, "maxRemovalPercent", c.getMaxRemovalPercent(), 0);
        if (c.getMaxRemovalPercent() > 100) {
            throw outOfRange(syncType, "maxRemovalPercent", c.getMaxRemovalPercent(), "between 0 and 100");
        }
        positiveId(syncType, "listId", c.getListId());
        positiveId(syncType, "campaignId", c.getCampaignId());
        positiveId(syncType, "templateId", c.getTemplateId());
        if (c.getEventType() == EventType.purchase) {
            purchaseId(syncType, "campaignId", c.getCampaignId());
            purchaseId(syncType, "templateId", c.getTemplateId());
        }
    }

    /** A purchase's ids are 32-bit in Iterable's trackPurchase ({@link IterableRules#MAX_PURCHASE_ID}). */
    private static void purchaseId(String syncType, String option, Long value) {
        if (value != null && value > IterableRules.MAX_PURCHASE_ID) {
            throw outOfRange(syncType, option, value, "at most " + IterableRules.MAX_PURCHASE_ID + " for purchases (a 32-bit"
                    + " id in Iterable's trackPurchase)");
        }
    }

    private static void atLeast(String syncType, String option, long value, long min) {
        if (value < min) {
            throw outOfRange(syncType, option, value, "at least " + min);
        }
    }

    private static void positiveId(String syncType, String option, Long value) {
        if (value != null && value <= 0) {
            throw outOfRange(syncType, option, value, "an id Iterable gave (a positive number)");
        }
    }

    private static IllegalArgumentException outOfRange(String syncType, String option, long value, String expected) {
        return new IllegalArgumentException("Option " + option + "=" + value + " of iterable:" + syncType + " must be "
                + expected);
    }
}
