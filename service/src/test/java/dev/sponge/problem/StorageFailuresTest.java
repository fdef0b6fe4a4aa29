package dev.sponge.problem;

import com.datastax.oss.driver.api.core.DriverTimeoutException;
import org.junit.jupiter.api.Test;
import reactor.core.Exceptions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which failures are Cassandra being unavailable or overloaded (503), whatever wraps
 * them.
 */
class StorageFailuresTest {

	@Test
	void aTimeoutAmongSeveralConcurrentFailuresIsAStorageFailure() {
		DriverTimeoutException timeout = new DriverTimeoutException("Query timed out after PT5S");
		Throwable composite = Exceptions.multiple(new DriverTimeoutException("first"), timeout);

		assertThat(StorageFailures.causeOf(new IllegalStateException(composite)))
			.isInstanceOf(DriverTimeoutException.class);
		assertThat(StorageFailures.causeOf(Exceptions.multiple(new IllegalStateException("a bug"), timeout)))
			.isSameAs(timeout);
	}

	@Test
	void failuresWithoutOneAreNot() {
		assertThat(StorageFailures
			.causeOf(Exceptions.multiple(new IllegalStateException("a bug"), new IllegalArgumentException("another"))))
			.isNull();
		assertThat(StorageFailures.causeOf(new IllegalStateException("a bug"))).isNull();
	}

}
