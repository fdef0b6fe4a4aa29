package dev.sponge.promql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code histogram_quantile} over classic {@code le} buckets, as Prometheus computes it:
 * buckets of one series are those sharing every label but {@code le} (and the metric
 * name), counts made monotonic, linear interpolation within the bucket.
 */
final class Histograms {

	private Histograms() {
	}

	static Value.Vector quantile(double[] q, Value.Vector buckets, Steps steps) {
		Map<StepSeries, Labels> groups = new LinkedHashMap<>();
		Map<StepSeries, Double> bounds = new LinkedHashMap<>();
		for (StepSeries s : buckets.series()) {
			String le = s.labels.get("le");
			if (le == null) {
				continue;
			}
			double bound;
			try {
				bound = TreeBuilder.number(le.replace("+Inf", "Inf"));
			}
			catch (NumberFormatException ex) {
				continue;
			}
			groups.put(s, s.labels.without(List.of("le", Labels.NAME)));
			bounds.put(s, bound);
		}
		VectorBuilder out = new VectorBuilder(steps.count());
		for (int i = 0; i < steps.count(); i++) {
			Map<Labels, List<double[]>> byGroup = new LinkedHashMap<>();
			for (Map.Entry<StepSeries, Labels> entry : groups.entrySet()) {
				StepSeries s = entry.getKey();
				if (s.has(i)) {
					byGroup.computeIfAbsent(entry.getValue(), (g) -> new ArrayList<>())
						.add(new double[] { bounds.get(s), s.values[i] });
				}
			}
			for (Map.Entry<Labels, List<double[]>> group : byGroup.entrySet()) {
				out.add(i, group.getKey(), bucketQuantile(q[i], group.getValue()));
			}
		}
		return out.build();
	}

	static double bucketQuantile(double q, List<double[]> buckets) {
		if (Double.isNaN(q)) {
			return Double.NaN;
		}
		if (q < 0) {
			return Double.NEGATIVE_INFINITY;
		}
		if (q > 1) {
			return Double.POSITIVE_INFINITY;
		}
		buckets.sort((a, b) -> Double.compare(a[0], b[0]));
		if (buckets.isEmpty() || buckets.get(buckets.size() - 1)[0] != Double.POSITIVE_INFINITY) {
			return Double.NaN;
		}
		List<double[]> merged = new ArrayList<>();
		for (double[] bucket : buckets) {
			double[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
			if (last != null && last[0] == bucket[0]) {
				last[1] += bucket[1];
			}
			else {
				merged.add(new double[] { bucket[0], bucket[1] });
			}
		}
		double max = Double.NEGATIVE_INFINITY;
		for (double[] bucket : merged) {
			if (bucket[1] < max) {
				bucket[1] = max;
			}
			max = bucket[1];
		}
		if (merged.size() < 2) {
			return Double.NaN;
		}
		double observations = merged.get(merged.size() - 1)[1];
		if (observations == 0) {
			return Double.NaN;
		}
		double rank = q * observations;
		int b = 0;
		while (b < merged.size() - 1 && merged.get(b)[1] < rank) {
			b++;
		}
		if (b == merged.size() - 1) {
			return merged.get(merged.size() - 2)[0];
		}
		if (b == 0 && merged.get(0)[0] <= 0) {
			return merged.get(0)[0];
		}
		double bucketStart = 0;
		double bucketEnd = merged.get(b)[0];
		double count = merged.get(b)[1];
		if (b > 0) {
			bucketStart = merged.get(b - 1)[0];
			count -= merged.get(b - 1)[1];
			rank -= merged.get(b - 1)[1];
		}
		return bucketStart + (bucketEnd - bucketStart) * (rank / count);
	}

}
