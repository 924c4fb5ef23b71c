package org.newsindex.analysis;

import static org.elasticsearch.plugins.AnalysisPlugin.requiresAnalysisSettings;

import java.util.Map;
import org.elasticsearch.index.analysis.CharFilterFactory;
import org.elasticsearch.index.analysis.TokenFilterFactory;
import org.elasticsearch.index.analysis.TokenizerFactory;
import org.elasticsearch.indices.analysis.AnalysisModule.AnalysisProvider;
import org.elasticsearch.plugins.AnalysisPlugin;
import org.elasticsearch.plugins.Plugin;

/**
 * The analysis-common components newsindex's generated analyzers use (index/analysis_es.py),
 * under the module's names and with its parameters, built on the Lucene analysis classes
 * every distribution ships. Test support for the minimal distribution only: every full
 * distribution has analysis-common built in, and production installs nothing.
 *
 * <p>A parameter the generated settings do not use is refused rather than ignored, so a
 * generator that starts using one fails here first instead of analysing differently.
 */
public final class AnalysisCommonSubsetPlugin extends Plugin implements AnalysisPlugin {

    @Override
    public Map<String, AnalysisProvider<CharFilterFactory>> getCharFilters() {
        return Map.of("mapping", requiresAnalysisSettings(MappingCharFilterFactory::new));
    }

    @Override
    public Map<String, AnalysisProvider<TokenizerFactory>> getTokenizers() {
        return Map.of("pattern", PatternTokenizerFactory::new);
    }

    @Override
    public Map<String, AnalysisProvider<TokenFilterFactory>> getTokenFilters() {
        return Map.of(
            "pattern_replace", requiresAnalysisSettings(TokenFilters::patternReplace),
            "keyword_marker", requiresAnalysisSettings(TokenFilters::keywordMarker),
            "stemmer_override", requiresAnalysisSettings(TokenFilters::stemmerOverride),
            "snowball", TokenFilters::snowball,
            "length", TokenFilters::length
        );
    }
}
