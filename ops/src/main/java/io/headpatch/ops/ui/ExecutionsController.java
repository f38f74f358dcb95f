package io.headpatch.ops.ui;

import io.headpatch.job.ExecutionSummary;
import io.headpatch.job.LaunchRequest;
import io.headpatch.ops.report.ReportFormat;
import io.headpatch.ops.report.ReportSource;
import io.headpatch.ops.report.Reports;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.batch.core.BatchStatus;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/** The executions list, one execution's page with its live progress, failure drill-down and report downloads. */
@Controller
class ExecutionsController {

    static final int FAILURE_PAGE = 50;
    static final List<String> STATUSES = Arrays.stream(BatchStatus.values()).map(Enum::name).toList();

    private final ConsoleJobs jobs;
    private final ConsoleQueries queries;
    private final ReportSource reports;
    private final ActionRunner actions;
    private final ExecutionSnapshots snapshots;
    private final ConsoleScope scope;

    ExecutionsController(ConsoleJobs jobs, ConsoleQueries queries, ReportSource reports, ActionRunner actions,
                         ExecutionSnapshots snapshots, ConsoleScope scope) {
        this.jobs = jobs;
        this.queries = queries;
        this.reports = reports;
        this.actions = actions;
        this.snapshots = snapshots;
        this.scope = scope;
    }

    @GetMapping("/")
    String home() {
        return "redirect:/executions";
    }

    @GetMapping("/executions")
    String executions(@RequestParam(required = false) String status, @RequestParam(required = false) String spec,
                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                      Model model) {
        String statusFilter = STATUSES.contains(status) ? status : null;
        String specFilter = spec == null || spec.isBlank() ? null : spec.strip();
        // The view cannot know whether a running execution's process lives; the job API asks the host for the few that run.
        List<ConsoleQueries.ExecutionRow> rows = queries.executions(statusFilter, specFilter, from, to).stream()
                .map(row -> row.running() ? row.told(jobs.status(row.executionId())) : row).toList();
        model.addAttribute("instances", ConsoleQueries.byInstance(rows));
        model.addAttribute("statuses", STATUSES);
        model.addAttribute("specs", queries.specs());
        model.addAttribute("status", statusFilter);
        model.addAttribute("spec", specFilter);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("limit", ConsoleQueries.LISTED_EXECUTIONS);
        return "executions";
    }

    @GetMapping("/executions/{id}")
    String execution(@PathVariable long id, Model model) {
        LaunchRequest launched = jobs.launched(id);
        ExecutionSummary summary = addLive(id, launched, model).summary();
        model.addAttribute("summary", summary);
        model.addAttribute("options", LaunchedOptions.of(launched, summary.retryOf()));
        return "execution";
    }

    /** The part of the execution's page that moves, from one database snapshot: the page's script swaps it in whole. */
    @GetMapping("/executions/{id}/live")
    String live(@PathVariable long id, Model model) {
        addLive(id, jobs.launched(id), model);
        return "execution :: live";
    }

    private ExecutionSnapshot addLive(long id, LaunchRequest launched, Model model) {
        ExecutionSnapshot snapshot = snapshots.read(id);
        boolean inScope = scope.covers(launched.scan());
        model.addAttribute("s", snapshot);
        model.addAttribute("inScope", inScope);
        model.addAttribute("can", ExecutionActions.applying(snapshot, inScope));
        model.addAttribute("actions", actions.forExecution(id));
        model.addAttribute("chartWidth", ThroughputChart.WIDTH);
        model.addAttribute("chartHeight", ThroughputChart.HEIGHT);
        return snapshot;
    }

    @GetMapping("/executions/{id}/failures")
    String failures(@PathVariable long id, @RequestParam String outcome, @RequestParam(required = false) String reason,
                    @RequestParam(defaultValue = "0") int page, Model model) {
        ExecutionSummary summary = jobs.status(id);
        int current = Math.max(page, 0);
        List<ConsoleQueries.FailureFile> files = queries.failureFiles(summary.jobInstanceId(), outcome, reason,
                FAILURE_PAGE + 1, (long) current * FAILURE_PAGE);
        model.addAttribute("summary", summary);
        model.addAttribute("outcome", outcome);
        model.addAttribute("reason", reason);
        model.addAttribute("page", current);
        model.addAttribute("pageSize", FAILURE_PAGE);
        model.addAttribute("hasNext", files.size() > FAILURE_PAGE);
        model.addAttribute("files", files.subList(0, Math.min(files.size(), FAILURE_PAGE)));
        return "failures";
    }

    @GetMapping("/executions/{id}/report.csv")
    void csv(@PathVariable long id, HttpServletResponse response) throws IOException {
        download(id, ReportFormat.CSV, "text/csv", response);
    }

    @GetMapping("/executions/{id}/report.json")
    void json(@PathVariable long id, HttpServletResponse response) throws IOException {
        download(id, ReportFormat.JSON, "application/json", response);
    }

    /** Every file of the instance, as {@code report ID --format csv|json} writes it. */
    private void download(long id, ReportFormat format, String contentType, HttpServletResponse response) throws IOException {
        ExecutionSummary summary = jobs.status(id);
        ReportSource.Manifest manifest = reports.manifestOf(id);
        response.setContentType(contentType);
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"headpatch-execution-" + id + "."
                + format.name().toLowerCase(java.util.Locale.ROOT) + "\"");
        PrintWriter out = response.getWriter();
        Reports.write(format.writer(out, '\n'), summary, reports, manifest, false);
        out.flush();
    }
}
