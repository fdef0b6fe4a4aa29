package dev.sponge.series;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.sponge.problem.ApiProblem;
import dev.sponge.problem.ApiProblem.FieldError;

/**
 * One {@code tag} query parameter: {@code key:value} (exact), {@code key:v1|v2} (any of),
 * or {@code key:*} (the series has the key). A series matches a query when it matches
 * every filter.
 *
 * @param key tag key
 * @param values accepted values; empty means any value
 */
public record TagFilter(String key, Set<String> values) {

	public TagFilter {
		values = Set.copyOf(values);
	}

	public boolean matches(Map<String, String> tags) {
		String value = tags.get(this.key);
		return value != null && (this.values.isEmpty() || this.values.contains(value));
	}

	public static boolean matchesAll(List<TagFilter> filters, Map<String, String> tags) {
		return filters.stream().allMatch((filter) -> filter.matches(tags));
	}

	/** Parses every {@code tag} parameter, reporting each bad one. */
	public static List<TagFilter> parseAll(List<String> params) {
		List<TagFilter> filters = new ArrayList<>();
		List<FieldError> errors = new ArrayList<>();
		for (String param : (params != null) ? params : List.<String>of()) {
			int colon = param.indexOf(':');
			if (colon <= 0) {
				errors.add(new FieldError("tag", "'" + param + "' must be key:value, key:v1|v2 or key:*"));
				continue;
			}
			String key = param.substring(0, colon);
			String rest = param.substring(colon + 1);
			String keyProblem = SeriesNaming.tagKeyProblem(key);
			if (keyProblem != null) {
				errors.add(new FieldError("tag", "key '" + key + "' " + keyProblem));
				continue;
			}
			Set<String> values = "*".equals(rest) ? Set.of()
					: new LinkedHashSet<>(Arrays.asList(rest.split("\\|", -1)));
			for (String value : values) {
				String valueProblem = SeriesNaming.tagValueProblem(value);
				if (valueProblem != null) {
					errors.add(new FieldError("tag", "value of '" + key + "' " + valueProblem));
				}
			}
			filters.add(new TagFilter(key, values));
		}
		if (!errors.isEmpty()) {
			throw ApiProblem.invalid("Invalid tag filter: " + errors.get(0).message(), errors);
		}
		return filters;
	}

}
