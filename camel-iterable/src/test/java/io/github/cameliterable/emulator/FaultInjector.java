package io.github.cameliterable.emulator;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws the faults of a {@link FaultPlan}: one seeded sequence per endpoint, so endpoints do not disturb each other.
 */
final class FaultInjector {
    enum Fault {
        NONE, CONNECTION_RESET, TOO_MANY_REQUESTS, INTERNAL_ERROR, UNAVAILABLE, TOO_LARGE
    }

    private final FaultPlan plan;
    private final Map<String, SplittableRandom> sequences = new HashMap<>();

    FaultInjector(FaultPlan plan) {
        this.plan = plan;
    }

    FaultPlan plan() {
        return plan;
    }

    synchronized Fault decide(String endpointKey, String path, int bodyBytes) {
        if (plan.force413AboveBytes() > 0 && bodyBytes > plan.force413AboveBytes()) {
            return Fault.TOO_LARGE;
        }
        FaultPlan.Rates rates = plan.ratesFor(path);
        if (rates.none()) {
            return Fault.NONE;
        }
        SplittableRandom random = sequences.computeIfAbsent(endpointKey,
                k -> new SplittableRandom(plan.seed() * 1_000_003L + k.hashCode()));
        double r = random.nextDouble();
        if ((r -= rates.connectionReset()) < 0) {
            return Fault.CONNECTION_RESET;
        }
        if ((r -= rates.tooManyRequests()) < 0) {
            return Fault.TOO_MANY_REQUESTS;
        }
        if ((r -= rates.internalError()) < 0) {
            return Fault.INTERNAL_ERROR;
        }
        if ((r -= rates.unavailable()) < 0) {
            return Fault.UNAVAILABLE;
        }
        return Fault.NONE;
    }
}
