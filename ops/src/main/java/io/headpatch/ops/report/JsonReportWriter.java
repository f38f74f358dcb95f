package io.headpatch.ops.report;

import io.headpatch.job.ExecutionSummary;
import io.headpatch.ops.output.ExecutionView;
import io.headpatch.ops.output.Json;
import tools.jackson.core.JsonGenerator;

import java.io.PrintWriter;
import java.util.List;

/** One JSON object {@code {execution, partitions, files: [...], fileCount}}, the files streamed as they come. */
final class JsonReportWriter implements ReportWriter {

    private final PrintWriter out;
    private final JsonGenerator generator;

    JsonReportWriter(PrintWriter out) {
        this.out = out;
        this.generator = Json.generator(out);
        generator.writeStartObject();
    }

    @Override
    public void summary(ExecutionSummary summary) {
        generator.writeName("execution");
        generator.writePOJO(ExecutionView.of(summary));
    }

    @Override
    public void partitions(List<PartitionRow> partitions) {
        generator.writeName("partitions");
        generator.writePOJO(partitions);
    }

    @Override
    public void beginFiles(boolean failedOnly) {
        generator.writeStringProperty("filesSelected", failedOnly ? "failed" : "all");
        generator.writeName("files");
        generator.writeStartArray();
    }

    @Override
    public void file(FileRow row) {
        generator.writePOJO(row);
    }

    @Override
    public void end(long files) {
        generator.writeEndArray();
        generator.writeNumberProperty("fileCount", files);
        generator.writeEndObject();
        generator.close();
        out.println();
        out.flush();
    }
}
