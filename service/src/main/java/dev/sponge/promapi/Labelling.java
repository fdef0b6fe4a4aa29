package dev.sponge.promapi;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

import dev.sponge.promql.Expr;
import dev.sponge.promql.Labels;
import dev.sponge.promql.Matcher;
import dev.sponge.promql.PromQL;
import dev.sponge.series.SeriesCatalog;
import dev.sponge.series.SeriesProperties;
import dev.sponge.series.SeriesRow;
import dev.sponge.tenancy.Tenant;

/**
 * Series, label names and label values for {@code series}, {@code labels} and
 * {@code label/<name>/values}, from the series catalogue: a series is listed while it is
 * catalogued, whatever {@code start} and {@code end} say.
 */
@Component
class Labelling {

	/**
	 * What {@code labels} and {@code label/<name>/values} read without {@code match[]}.
	 */
	private static final List<Matcher> EVERY_SERIES = List.of(Matcher.of(Labels.NAME, Matcher.Type.RE, ".+"));

	private final CatalogSelection selection;

	private final SeriesCatalog catalog;

	private final int maxScanRows;

	Labelling(CatalogSelection selection, SeriesCatalog catalog, SeriesProperties series) {
		this.selection = selection;
		this.catalog = catalog;
		this.maxScanRows = series.maxScanRows();
	}

	/** The label sets the selectors select, sorted by labels as Prometheus sorts them. */
	Mono<List<Map<String, String>>> series(Tenant tenant, List<String> matches) {
		return rows(tenant, selectors(matches)).map((row) -> Labels.ofSeries(row.metric(), row.tags()))
			.distinct()
			.sort()
			.map(Labels::asMap)
			.collectList();
	}

	Mono<List<String>> names(Tenant tenant, List<String> matches) {
		List<List<Matcher>> selectors = matches.isEmpty() ? List.of(EVERY_SERIES) : selectors(matches);
		return rows(tenant, selectors).reduce(new TreeSet<String>(), (names, row) -> {
			names.add(Labels.NAME);
			names.addAll(row.tags().keySet());
			return names;
		}).map(ArrayList::new);
	}

	Mono<List<String>> values(Tenant tenant, String name, List<String> matches) {
		if (matches.isEmpty() && name.equals(Labels.NAME)) {
			return SeriesCatalog.scanBounded(this.catalog.metricNames(tenant, null), this.maxScanRows).collectList();
		}
		List<List<Matcher>> selectors = matches.isEmpty() ? List.of(EVERY_SERIES) : selectors(matches);
		return rows(tenant, selectors).reduce(new TreeSet<String>(), (values, row) -> {
			String value = name.equals(Labels.NAME) ? row.metric() : row.tags().get(name);
			if (value != null) {
				values.add(value);
			}
			return values;
		}).map(ArrayList::new);
	}

	private Flux<SeriesRow> rows(Tenant tenant, List<List<Matcher>> selectors) {
		Set<List<Matcher>> distinct = new LinkedHashSet<>(selectors);
		return Flux.fromIterable(distinct).concatMap((matchers) -> this.selection.browse(tenant, matchers));
	}

	/**
	 * The {@code match[]} selectors; anything but an instant vector selector is bad data.
	 */
	private static List<List<Matcher>> selectors(List<String> matches) {
		List<List<Matcher>> selectors = new ArrayList<>();
		for (String match : matches) {
			Expr expr = PromQL.parse(match);
			if (!(expr instanceof Expr.VectorSelector selector) || selector.offset() != 0 || selector.at() != null) {
				throw new PromParams.BadData("invalid parameter \"match[]\": " + match + " is not a series selector");
			}
			selectors.add(selector.matchers());
		}
		return selectors;
	}

}
