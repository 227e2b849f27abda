package dev.parkinglot.tck.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parkinglot.tck.TraceContextStoreTck;
import dev.parkinglot.tck.selftest.TckRun.Outcome;
import dev.parkinglot.tck.selftest.TckRun.Result;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
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
        .filter(m -> m.isAnnotationPresent(Test.class) || m.isAnnotationPresent(TestFactory.class))
        .map(Method::getName)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * Starts every subject's run at once: most of a run is waiting for real time (the stochastic
   * expiry rules), so running them side by side keeps this class to a fraction of the serial time.
   */
  @BeforeAll
  static void startEveryRun() {
    brokenStores().forEach(arguments -> TckRun.start((Class<?>) arguments.get()[0]));
    for (Class<?> subject : List.of(Subjects.CorrectStore.class, Subjects.DefaultClaim.class,
        Subjects.ErrorHooksCannotApply.class, WithoutBackendHook.class, SharesButDeclaresPerInstance.class)) {
      TckRun.start(subject);
    }
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
            "stochastic_ttl09_backendItselfRemovesExpiredEntries",
            "stochastic_ttl10_backendExpiryKeepsLiveEntries",
            "required_dup03_claimOfMissingOrExpiredEntryIsNotFoundAndWritesNothing",
            "required_dup04_tombstoneExpiresAfterItsTtl")),
        Arguments.of(Subjects.ExpiresFromSaveTime.class, Set.of(
            "required_ttl07_expiryCountsFromParkedAtNotFromSave",
            "required_ttl08_alreadyExpiredEntryIsNeverReturned",
            "required_dup04_tombstoneExpiresAfterItsTtl")),
        Arguments.of(Subjects.DropsTraceState.class, Set.of(
            "required_rt01_everyFieldRoundTripsThroughLoad",
            "required_rt02_everyFieldRoundTripsThroughTake",
            "required_rt08_largestTraceStateAndBaggageRoundTrip",
            "required_dup01_claimOfLiveEntryReturnsItAndLeavesTombstone",
            "required_dup02_secondClaimIsDuplicateWithOriginalContext",
            "required_dup05_consumedMarkerRoundTrips")),
        Arguments.of(Subjects.DropsHighFlagBits.class, Set.of(
            "required_rt01_everyFieldRoundTripsThroughLoad",
            "required_rt02_everyFieldRoundTripsThroughTake",
            "required_rt03_wholeFlagsByteRoundTrips",
            "required_dup01_claimOfLiveEntryReturnsItAndLeavesTombstone",
            "required_dup02_secondClaimIsDuplicateWithOriginalContext",
            "required_dup05_consumedMarkerRoundTrips")),
        Arguments.of(Subjects.CaseInsensitiveKeys.class, Set.of(
            "required_key03_similarKeysAreDistinct")),
        Arguments.of(Subjects.KeysByTheirParts.class, Set.of(
            "required_op11_keysOfOneValueAreOneEntry")),
        Arguments.of(Subjects.CutsKeysAt255.class, Set.of(
            "required_key02_longKeysAreNeverCut", "required_key04_lookupKeysUpToTheReadBoundAreNeverAnError")),
        Arguments.of(Subjects.BackendTtlCappedAt4500Ms.class, Set.of(
            "stochastic_ttl10_backendExpiryKeepsLiveEntries")),
        Arguments.of(Subjects.UpdateThenInsert.class, Set.of(
            "stochastic_con04_concurrentSavesOfOneFreshKeyAllSucceed")),
        Arguments.of(Subjects.LeaksConnectionErrors.class, Set.of(
            "optional_err01_unreachableBackendThrowsStoreUnavailable")),
        Arguments.of(Subjects.LeaksDecodeErrors.class, Set.of(
            "optional_err02_corruptEntryThrowsCorruptEntry")),
        Arguments.of(Subjects.EvictsWhenFull.class, Set.of(
            "optional_err03_fullStoreRefusesNewKeys")),
        Arguments.of(Subjects.ProviderIgnoresConfigClock.class, Set.of(
            "optional_prov03_configClockDecidesExpiry")),
        Arguments.of(Subjects.DefaultClaimDeclaredAtomic.class, Set.of(
            "optional_dup06_racingClaimsHaveExactlyOneFirst")),
        Arguments.of(Subjects.ForgetsTombstone.class, Set.of(
            "required_dup01_claimOfLiveEntryReturnsItAndLeavesTombstone",
            "required_dup02_secondClaimIsDuplicateWithOriginalContext",
            "required_dup04_tombstoneExpiresAfterItsTtl",
            "optional_dup06_racingClaimsHaveExactlyOneFirst")),
        Arguments.of(Subjects.TombstoneKeepsOriginalExpiry.class, Set.of(
            "required_dup01_claimOfLiveEntryReturnsItAndLeavesTombstone",
            "required_dup02_secondClaimIsDuplicateWithOriginalContext",
            "required_dup04_tombstoneExpiresAfterItsTtl",
            "optional_dup06_racingClaimsHaveExactlyOneFirst")),
        Arguments.of(Subjects.ClaimsExpiredEntries.class, Set.of(
            "required_dup03_claimOfMissingOrExpiredEntryIsNotFoundAndWritesNothing",
            "required_dup04_tombstoneExpiresAfterItsTtl")),
        Arguments.of(Subjects.SaveKeepsConsumedMarker.class, Set.of(
            "required_dup05_consumedMarkerRoundTrips")));
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

    assertThat(TckRun.cached(Subjects.BackendTtlCappedAt4500Ms.class)
            .get("stochastic_ttl10_backendExpiryKeepsLiveEntries").message())
        .contains("lives-an-hour").contains("removed a live entry");
    assertThat(TckRun.cached(Subjects.UpdateThenInsert.class)
            .get("stochastic_con04_concurrentSavesOfOneFreshKeyAllSucceed").message())
        .contains("saves of '").contains("threw").contains("duplicate key value violates unique constraint");

    Map<String, Result> dropsState = TckRun.cached(Subjects.DropsTraceState.class);
    assertThat(dropsState.get("required_rt01_everyFieldRoundTripsThroughLoad").message())
        .contains("traceState: expected <congo=t61rcWkgMzE,rojo=00f067aa0ba902b7> but was <>")
        .doesNotContain("spanId:");
  }

  @Test
  void everyFailureMessageStartsWithTheRuleAndItsClause() {
    brokenStores().forEach(arguments -> {
      Class<?> subject = (Class<?>) arguments.get()[0];
      TckRun.cached(subject).forEach((rule, result) -> {
        if (result.outcome == Outcome.FAILED) {
          assertThat(result.message()).as("%s of %s", rule, subject.getSimpleName())
              .startsWith(rule + " (contract " + dev.parkinglot.tck.TckClauses.of(rule) + "): ");
        }
      });
    });
  }

  @Test
  void claimFailuresSayWhatWentWrong() {
    Map<String, Result> defaultClaim = TckRun.cached(Subjects.DefaultClaimDeclaredAtomic.class);
    assertThat(defaultClaim.get("optional_dup06_racingClaimsHaveExactlyOneFirst").message())
        .contains("claim is not atomic")
        .contains("NOT_FOUND while the key held the entry or its tombstone");

    Map<String, Result> forgets = TckRun.cached(Subjects.ForgetsTombstone.class);
    assertThat(forgets.get("required_dup01_claimOfLiveEntryReturnsItAndLeavesTombstone").message())
        .contains("load after the claim");
    assertThat(forgets.get("required_dup02_secondClaimIsDuplicateWithOriginalContext").message())
        .contains("second claim (a redelivery)")
        .contains("DUPLICATE");

    assertThat(forgets.get("optional_dup06_racingClaimsHaveExactlyOneFirst").message())
        .contains("the cause is not atomicity").contains("left no entry instead of its tombstone");
    assertThat(TckRun.cached(Subjects.CaseInsensitiveKeys.class).get("required_key03_similarKeysAreDistinct").message())
        .contains("returned the entry saved under").contains("treats the two keys as one");

    Map<String, Result> keepsExpiry = TckRun.cached(Subjects.TombstoneKeepsOriginalExpiry.class);
    assertThat(keepsExpiry.get("required_dup01_claimOfLiveEntryReturnsItAndLeavesTombstone").message())
        .contains("ttl (ms): expected <")
        .doesNotContain("consumedAt (epoch ms");

    Map<String, Result> keepsMarker = TckRun.cached(Subjects.SaveKeepsConsumedMarker.class);
    assertThat(keepsMarker.get("required_dup05_consumedMarkerRoundTrips").message())
        .contains("consumedAt (epoch ms; -1 = not a tombstone): expected <-1>");
  }

  @Test
  void aStoreThatKeepsTheDefaultClaimSkipsTheRaceRuleWithAReason() {
    Map<String, Result> results = TckRun.cached(Subjects.DefaultClaim.class);

    Result race = results.get("optional_dup06_racingClaimsHaveExactlyOneFirst");
    assertThat(race.outcome).isEqualTo(Outcome.ABORTED);
    assertThat(race.message()).contains("declares claimIsAtomic() false");
    assertThat(results).allSatisfy((name, result) -> {
      if (!name.equals("optional_dup06_racingClaimsHaveExactlyOneFirst")) {
        assertThat(result.outcome).as(name).isEqualTo(Outcome.PASSED);
      }
    });
  }

  @Test
  void aStoreWithoutTheHooksSkipsTheirRulesWithAReason() {
    Map<String, Result> results = TckRun.cached(WithoutBackendHook.class);

    Map<String, String> reasons = Map.of(
        "stochastic_ttl09_backendItselfRemovesExpiredEntries", "does not override backendHoldsEntry",
        "optional_err01_unreachableBackendThrowsStoreUnavailable", "does not override createUnreachableStore",
        "optional_err02_corruptEntryThrowsCorruptEntry", "does not override writeCorruptEntry",
        "optional_err03_fullStoreRefusesNewKeys", "does not override createBoundedStore",
        "optional_prov01_providerIsFoundByServiceLoaderUnderItsName", "does not override providerName()",
        "optional_prov02_providerNameFollowsTheRules", "does not override providerName()",
        "optional_prov03_configClockDecidesExpiry", "does not override providerName()",
        "optional_prov04_badSettingFailsNamingTheProperty", "does not override providerName()",
        "optional_prov05_storeFromConfigRoundTrips", "does not override providerName()");
    assertThat(results.keySet()).isEqualTo(allRules());
    assertThat(results).allSatisfy((name, result) -> {
      if (reasons.containsKey(name)) {
        assertThat(result.outcome).as(name).isEqualTo(Outcome.ABORTED);
        assertThat(result.message()).as(name).contains(reasons.get(name));
      } else {
        assertThat(result.outcome).as(name).isEqualTo(Outcome.PASSED);
      }
    });
  }

  @Test
  void errorRulesWhoseHooksCannotApplyAreNotGenerated() {
    Map<String, Result> results = TckRun.cached(Subjects.ErrorHooksCannotApply.class);

    Set<String> expected = new TreeSet<>(allRules());
    expected.removeIf(rule -> rule.startsWith("optional_err"));
    assertThat(results.keySet()).isEqualTo(expected);
    assertThat(results).allSatisfy((name, result) -> assertThat(result.outcome).as(name).isEqualTo(Outcome.PASSED));
  }

  @Test
  void errorFailuresSayWhatWasThrownInstead() {
    assertThat(TckRun.cached(Subjects.LeaksConnectionErrors.class)
            .get("optional_err01_unreachableBackendThrowsStoreUnavailable").message())
        .contains("save threw java.io.UncheckedIOException").contains("the backend's exception leaked");
    assertThat(TckRun.cached(Subjects.LeaksDecodeErrors.class)
            .get("optional_err02_corruptEntryThrowsCorruptEntry").message())
        .contains("load of '").contains("threw java.lang.IllegalArgumentException");
    assertThat(TckRun.cached(Subjects.EvictsWhenFull.class)
            .get("optional_err03_fullStoreRefusesNewKeys").message())
        .contains("silently evicted");
  }

  @Test
  void aSharedStoreDeclaredAsPerInstanceFailsTheSharingRule() {
    Map<String, Result> results = TckRun.cached(SharesButDeclaresPerInstance.class);

    Result sharing = results.get("required_shr01_instancesShareEntriesAsDeclared");
    assertThat(sharing.outcome).isEqualTo(Outcome.FAILED);
    assertThat(sharing.message()).contains("exists through a second in-process instance")
        .contains("overrides sharesEntriesBetweenInstances() to return true");
  }

  /** A correct shared store whose TCK does not override the backend hook. */
  static class WithoutBackendHook extends TraceContextStoreTck {
    @Override
    protected java.time.Duration backendExpiryTimeout() {
      return java.time.Duration.ofSeconds(3);
    }

    @Override
    protected boolean sharesEntriesBetweenInstances() {
      return true;
    }

    @Override
    protected dev.parkinglot.spi.TraceContextStore createStore(dev.parkinglot.tck.TckContext context) {
      return new ReferenceStore(ReferenceBackend.named(context.name(), false), context.clock());
    }

    @Override
    protected void cleanUp(dev.parkinglot.tck.TckContext context) {
      ReferenceBackend.drop(context.name());
    }
  }

  /** The same shared store, wrongly declared as keeping entries per instance. */
  static class SharesButDeclaresPerInstance extends WithoutBackendHook {
    @Override
    protected boolean sharesEntriesBetweenInstances() {
      return false;
    }
  }
}
