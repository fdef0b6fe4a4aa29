package dev.sponge.stream;

import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.test.StepVerifier;

class OpenStreamsTest {

	private final OpenStreams streams = new OpenStreams(new StreamProperties(Duration.ofMillis(500),
			Duration.ofSeconds(15), Duration.ofSeconds(6), Duration.ofSeconds(1), Duration.ofHours(1), 1000, 32, 1024),
			new SimpleMeterRegistry());

	@Test
	void stoppingSignalsOpenStreamsToClose() {
		this.streams.start();

		this.streams.stop();

		StepVerifier.create(this.streams.closing()).expectComplete().verify(Duration.ofSeconds(5));
	}

	@Test
	void streamsOpenedAfterARestartAreNotClosedByTheEarlierStop() {
		// Spring's test context cache pauses (stops) and later restarts cached contexts.
		this.streams.start();
		this.streams.stop();

		this.streams.start();

		StepVerifier.create(this.streams.closing())
			.expectSubscription()
			.expectNoEvent(Duration.ofMillis(200))
			.thenCancel()
			.verify(Duration.ofSeconds(5));
	}

}
