package dev.sponge.promql;

import java.util.List;

import reactor.core.publisher.Mono;

/** Where an evaluation reads stored samples from. */
public interface SampleSource {

	/**
	 * Every series whose labels satisfy all {@code matchers}, with its samples of
	 * {@code from <= ts <= to}; series without samples there may be left out.
	 */
	Mono<List<RawSeries>> select(List<Matcher> matchers, long from, long to);

}
