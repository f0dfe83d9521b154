package dev.jitrl.host.observe;

import dev.jitrl.api.Observation;
import java.time.Duration;

/**
 * One observation and what it cost.
 *
 * @param observation the page as seen
 * @param elapsed how long the snapshot took (script round trip included)
 * @param truncated whether the page had more interactive elements than the observer's bound
 * @param dialogOpen whether a JavaScript alert/confirm was open (the observation then shows the dialog)
 */
public record Snapshot(Observation observation, Duration elapsed, boolean truncated, boolean dialogOpen) {}
