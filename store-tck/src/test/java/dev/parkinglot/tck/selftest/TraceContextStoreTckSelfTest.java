package dev.parkinglot.tck.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.tck.TraceContextStoreTck;
import dev.parkinglot.tck.selftest.TckRun.Outcome;
import dev.parkinglot.tck.selftest.TckRun.Result;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The TCK tested against stores with known faults: each must fail exactly the rules that pin its
 * fault and pass every other, and a correct store must pass them all.
 */
class TraceContextStoreTckSelfTest {

  static Set<String> allRules() {
    return Arrays.stream(TraceContextStoreTck.class.getDeclaredMethods())
        .filter(m -> m.isAnnotationPresent(Test.class))
        .map(Method::getName)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @Test
  void aCorrectStorePassesEveryRule() {
    Map<String, Result> results = TckRun.cached(Subjects.CorrectStore.class);

    assertThat(results.keySet()).as("rules that ran").isEqualTo(allRules());
    assertThat(results).allSatisfy((rule, result) -> assertThat(result.outcome).as(rule).isEqualTo(Outcome.PASSED));
  }

  static Stream<Arguments> brokenStores() {
    return Stream.of(
        Arguments.of(Subjects.NonAtomicTake.class, Set.of(
            "stochastic_con01_racingTakesClaimEveryEntryExactlyOnce",
            "stochastic_con02_simultaneousTakesOfOneKeyHaveOneWinner")),
        Arguments.of(Subjects.NeverExpires.class, Set.of(
            "required_ttl02_expiredEntryIsNeverReportedByExists",
            "required_ttl03_expiredEntryIsNeverLoaded",
            "required_ttl04_expiredEntryIsNeverTaken",
            "required_ttl05_ttlIsPerEntry",
            "required_ttl07_expiryCountsFromParkedAtNotFromSave",
            "required_ttl08_alreadyExpiredEntryIsNeverReturned",
            "stochastic_ttl09_backendItselfRemovesExpiredEntries")),
        Arguments.of(Subjects.ExpiresFromSaveTime.class, Set.of(
            "required_ttl07_expiryCountsFromParkedAtNotFromSave",
            "required_ttl08_alreadyExpiredEntryIsNeverReturned")),
        Arguments.of(Subjects.DropsTraceState.class, Set.of(
            "required_rt01_everyFieldRoundTripsThroughLoad",
            "required_rt02_everyFieldRoundTripsThroughTake",
            "required_rt08_largestTraceStateAndBaggageRoundTrip")),
        Arguments.of(Subjects.DropsHighFlagBits.class, Set.of(
            "required_rt01_everyFieldRoundTripsThroughLoad",
            "required_rt02_everyFieldRoundTripsThroughTake",
            "required_rt03_wholeFlagsByteRoundTrips")),
        Arguments.of(Subjects.CaseInsensitiveKeys.class, Set.of(
            "required_key03_similarKeysAreDistinct")),
        Arguments.of(Subjects.AcceptsAnyKey.class, Set.of(
            "required_key02_blankOversizedOrControlCharacterKeysAreRejected")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenStores")
  void aBrokenStoreFailsExactlyTheRulesThatPinItsFault(Class<?> subject, Set<String> expectedFailures) {
    Map<String, Result> results = TckRun.cached(subject);

    assertThat(results.keySet()).as("rules that ran").isEqualTo(allRules());
    Set<String> failed = results.entrySet().stream()
        .filter(e -> e.getValue().outcome == Outcome.FAILED)
        .map(Map.Entry::getKey)
        .collect(Collectors.toCollection(TreeSet::new));
    assertThat(failed).as("failed rules of %s; all results: %s", subject.getSimpleName(), results)
        .isEqualTo(new TreeSet<>(expectedFailures));
    results.forEach((rule, result) -> {
      if (!expectedFailures.contains(rule)) {
        assertThat(result.outcome).as("%s of %s", rule, subject.getSimpleName()).isEqualTo(Outcome.PASSED);
      }
    });
  }

  @Test
  void failuresSayWhatWentWrong() {
    Map<String, Result> nonAtomic = TckRun.cached(Subjects.NonAtomicTake.class);
    assertThat(nonAtomic.get("stochastic_con01_racingTakesClaimEveryEntryExactlyOnce").message())
        .contains("claimed more than once (take is not atomic)");
    assertThat(nonAtomic.get("stochastic_con02_simultaneousTakesOfOneKeyHaveOneWinner").message())
        .contains("not exactly one got it");

    Map<String, Result> dropsState = TckRun.cached(Subjects.DropsTraceState.class);
    assertThat(dropsState.get("required_rt01_everyFieldRoundTripsThroughLoad").message())
        .contains("traceState: expected <congo=t61rcWkgMzE,rojo=00f067aa0ba902b7> but was <>")
        .doesNotContain("spanId:");
  }

  @Test
  void aStoreWithoutTheBackendHookSkipsThatRuleWithAReason() {
    Map<String, Result> results = TckRun.cached(WithoutBackendHook.class);

    Result rule = results.get("stochastic_ttl09_backendItselfRemovesExpiredEntries");
    assertThat(rule.outcome).isEqualTo(Outcome.ABORTED);
    assertThat(rule.message()).contains("does not override backendHoldsEntry");
    Result sharing = results.get("optional_shr01_secondInstanceSeesTheSameEntries");
    assertThat(sharing.outcome).isEqualTo(Outcome.ABORTED);
    assertThat(sharing.message()).contains("sharesEntriesBetweenInstances() is false");
    assertThat(results).allSatisfy((name, result) -> {
      if (!name.equals("stochastic_ttl09_backendItselfRemovesExpiredEntries")
          && !name.equals("optional_shr01_secondInstanceSeesTheSameEntries")) {
        assertThat(result.outcome).as(name).isEqualTo(Outcome.PASSED);
      }
    });
  }

  /** A correct store whose TCK declares neither the backend hook nor sharing. */
  static class WithoutBackendHook extends TraceContextStoreTck {
    @Override
    protected dev.parkinglot.spi.TraceContextStore createStore(dev.parkinglot.tck.TckContext context) {
      return new ReferenceStore(ReferenceBackend.named(context.name(), false), context.clock());
    }

    @Override
    protected void cleanUp(dev.parkinglot.tck.TckContext context) {
      ReferenceBackend.drop(context.name());
    }
  }
}
