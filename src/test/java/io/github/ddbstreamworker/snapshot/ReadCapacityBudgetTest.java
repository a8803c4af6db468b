package io.github.ddbstreamworker.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The budget on a clock the test moves: no sleeping, no timing. */
class ReadCapacityBudgetTest {

  private static final long SECOND = 1_000_000_000L;

  private final AtomicLong now = new AtomicLong(0);

  @Test
  void aPageIsReadWhileTheBucketIsOutOfDebtAndItsCostIsPaidBackAtTheRate() {
    ReadCapacityBudget budget = new ReadCapacityBudget(10, now::get);

    assertThat(budget.nanosUntilAvailable()).isZero();
    budget.spend(25);
    assertThat(budget.nanosUntilAvailable()).isEqualTo(25 * SECOND / 10);

    now.addAndGet(2 * SECOND);
    assertThat(budget.nanosUntilAvailable()).isEqualTo(SECOND / 2);
    now.addAndGet(SECOND / 2);
    assertThat(budget.nanosUntilAvailable()).isZero();
  }

  @Test
  void aQuietBucketSavesAtMostOneSecondOfTheRate() {
    ReadCapacityBudget budget = new ReadCapacityBudget(10, now::get);

    now.addAndGet(60 * SECOND);
    budget.spend(10);
    assertThat(budget.nanosUntilAvailable()).isZero();
    budget.spend(5);
    assertThat(budget.nanosUntilAvailable()).isEqualTo(SECOND / 2);
  }

  @Test
  void overAnyStretchTheUnitsSpentStayWithinTheRateTimesTheTimePlusASecondAndAPage() {
    ReadCapacityBudget budget = new ReadCapacityBudget(40, now::get);
    double spent = 0;
    double page = 7.5;
    for (int i = 0; i < 1000; i++) {
      now.addAndGet(budget.nanosUntilAvailable());
      budget.spend(page);
      spent += page;
    }
    double seconds = now.get() / (double) SECOND;
    assertThat(spent).isLessThanOrEqualTo(40 * seconds + 40 + page);
    assertThat(spent).isGreaterThan(40 * seconds);
  }

  @Test
  void aNewRateAppliesFromNowOn() {
    ReadCapacityBudget budget = new ReadCapacityBudget(10, now::get);
    budget.spend(20);
    now.addAndGet(SECOND);
    budget.rate(20);
    assertThat(budget.nanosUntilAvailable()).isEqualTo(SECOND / 2);
  }
}
