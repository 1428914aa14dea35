package dev.streamscore.lifecycle;

import dev.streamscore.avro.ModelRole;
import java.time.Instant;

/**
 * A candidate on its way to champion: the role it serves in now (shadow or challenger), since when,
 * and the champion it is compared with.
 *
 * @param bundle where its bundle was written (republished from there at each step)
 */
record Rollout(String model, String candidate, String champion, ModelRole stage, Instant since, String bundle) {
}
