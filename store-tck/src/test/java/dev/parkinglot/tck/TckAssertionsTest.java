package dev.parkinglot.tck;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parkinglot.StoredTraceContext;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a round-trip failure shows: the entry that was dropped, not two maps cut at one length. */
class TckAssertionsTest {
  private static final Instant NOW = Instant.parse("2030-01-01T00:00:00.487Z");

  @Test
  void aDroppedMetadataEntryIsNamedWithItsValue() {
    Map<String, String> saved = new LinkedHashMap<>(TckData.awkwardMetadata());
    StoredTraceContext expected = TckData.builder(1, NOW, Duration.ofHours(1)).metadata(saved).build();
    Map<String, String> returned = new LinkedHashMap<>(saved);
    String last = saved.keySet().stream().reduce((a, b) -> b).orElseThrow();
    returned.remove(last);
    StoredTraceContext got = TckData.builder(1, NOW, Duration.ofHours(1)).metadata(returned).build();

    assertThatThrownBy(() -> TckAssertions.assertEntry("load", Optional.of(got), expected))
        .hasMessageContaining("metadata (" + saved.size() + " entries saved, " + returned.size() + " returned)")
        .hasMessageContaining("dropped <" + last + "> = <" + saved.get(last) + ">");
  }

  @Test
  void aChangedLongValueShowsWhereItFirstDiffers() {
    String saved = "a".repeat(500) + "bcd";
    StoredTraceContext expected = TckData.builder(1, NOW, Duration.ofHours(1)).metadata(Map.of("k", saved)).build();
    StoredTraceContext got =
        TckData.builder(1, NOW, Duration.ofHours(1)).metadata(Map.of("k", "a".repeat(500) + "b")).build();

    assertThatThrownBy(() -> TckAssertions.assertEntry("load", Optional.of(got), expected))
        .hasMessageContaining("changed <k>: expected <" + "a".repeat(19) + "bcd> but was <" + "a".repeat(19) + "b>")
        .hasMessageContaining("first difference at char 501; lengths 503 and 501");
  }
}
