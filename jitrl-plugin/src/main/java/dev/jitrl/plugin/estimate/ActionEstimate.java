package dev.jitrl.plugin.estimate;

import java.util.OptionalDouble;

/**
 * The estimate for one candidate action.
 *
 * @param q {@code Q(s,a)}, when known or optimistically assumed
 * @param support how many neighbours took the action
 * @param explored whether {@code q} is the optimistic exploration value
 * @param rawAdvantage {@code Q(s,a) - V(s)}, 0 when {@code q} is unknown
 * @param advantage the advantage scaled into [-1, 1]
 */
public record ActionEstimate(OptionalDouble q, int support, boolean explored, double rawAdvantage, double advantage) {}
