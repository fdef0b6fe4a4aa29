package dev.sponge.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness's reading of the service's Prometheus endpoint and its rollup-lag waits,
 * against a stand-in endpoint that answers scripted scrapes (current main exports no
 * rollup lag yet, so the smoke run only sees the n/a case). Never asserts a timing.
 */
class RollupLagTest {

	private final BlockingQueue<String> scrapes = new LinkedBlockingQueue<>();

	private HttpServer server;

	private ServiceMetrics metrics;

	@BeforeEach
	void startEndpoint() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/actuator/prometheus", (exchange) -> {
			String next = this.scrapes.poll();
			byte[] body = ((next != null) ? next : "").getBytes(StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		this.server.start();
		this.metrics = new ServiceMetrics("http://127.0.0.1:" + this.server.getAddress().getPort());
	}

	@AfterEach
	void stopEndpoint() {
		this.server.stop(0);
	}

	@Test
	void scrapeReadsGaugesByNameAndLabelsAsMicrometerExportsThem() {
		ServiceMetrics.Scrape scrape = ServiceMetrics.Scrape.parse("""
				# HELP jvm_buffer_memory_used_bytes An estimate of the memory
				# TYPE jvm_buffer_memory_used_bytes gauge
				jvm_buffer_memory_used_bytes{application="sponge",id="direct",instance="local"} 2097152.0
				jvm_buffer_memory_used_bytes{application="sponge",id="mapped",instance="local"} 0.0
				sponge_rollups_lag_seconds{application="sponge",instance="local"} 3.5
				""");

		assertThat(scrape.sum(ServiceMetrics.JVM_BUFFER_USED, Map.of("id", "direct"))).hasValue(2097152.0);
		assertThat(scrape.max(ServiceMetrics.ROLLUP_LAG, Map.of())).hasValue(3.5);
		assertThat(scrape.sum(ServiceMetrics.NETTY_DIRECT_USED, Map.of())).isEmpty();
	}

	@Test
	void catchUpWhenLagFallsBackWithinBoundThenReportsTheLargestLagSeenAfter() {
		this.scrapes.addAll(List.of(lag(30), lag(20), lag(4)));
		try (RollupLag lag = new RollupLag(this.metrics, Duration.ofSeconds(10))) {
			RollupLag.CatchUp catchUp = lag.awaitWithinBound();

			assertThat(catchUp.present()).isTrue();
			assertThat(catchUp.withinBound()).isTrue();
			assertThat(catchUp.maxSeconds()).isEqualTo(30);
			assertThat(catchUp.waitedSeconds()).isPositive();
		}
	}

	@Test
	void catchUpWhenTheServiceExportsNoLagIsNotAvailableAndDoesNotWait() {
		try (RollupLag lag = new RollupLag(this.metrics, Duration.ofSeconds(10))) {
			RollupLag.CatchUp catchUp = lag.awaitWithinBound();

			assertThat(catchUp.present()).isFalse();
			assertThat(catchUp.waitedSeconds()).isZero();
		}
	}

	@Test
	void phaseLagWhenALagExceedsTheBoundDuringAPhaseIsNotWithinBound() {
		PhaseLag.Builder phase = new PhaseLag.Builder(10);
		phase.during(OptionalDouble.of(12));
		phase.after(new RollupLag.CatchUp(true, 12, 3, true), 0.5);

		PhaseLag lag = phase.build(1_000_000);

		assertThat(lag.maxDuringSeconds()).isEqualTo(12);
		assertThat(lag.backWithinBoundSeconds()).isEqualTo(3);
		assertThat(lag.withinBound()).isFalse();
		assertThat(lag.catchUpCpuSecondsPerMillionPoints()).isEqualTo(0.5);
	}

	@Test
	void phaseLagWhenTheServiceExportsNoLagIsNotAvailable() {
		PhaseLag.Builder phase = new PhaseLag.Builder(10);
		phase.during(OptionalDouble.empty());
		phase.after(RollupLag.CatchUp.ABSENT, 0);

		assertThat(phase.build(1_000)).isEqualTo(new PhaseLag(null, null, null, null, null));
	}

	private static String lag(double seconds) {
		return "sponge_rollups_lag_seconds{application=\"sponge\",instance=\"local\"} " + seconds + "\n";
	}

}
