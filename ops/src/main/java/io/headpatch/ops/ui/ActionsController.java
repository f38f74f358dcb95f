package io.headpatch.ops.ui;

import io.headpatch.job.ExecutionSummary;
import io.headpatch.ops.command.LaunchInput;
import io.headpatch.worker.io.IoMode;
import io.headpatch.worker.io.SyncMode;
import io.headpatch.worker.spec.BuiltInTemplates;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Stop, restart, abandon, verify, rollback and launch: each a confirmation page (GET) and a POST
 * (with the CSRF token) that runs what the command runs and shows its result on the execution's page.
 */
@Controller
class ActionsController {

    private final ConsoleJobs jobs;
    private final ActionRunner actions;
    private final ConsoleScope scope;

    ActionsController(ConsoleJobs jobs, ActionRunner actions, ConsoleScope scope) {
        this.jobs = jobs;
        this.actions = actions;
        this.scope = scope;
    }

    @GetMapping("/executions/{id}/{action:stop|restart|abandon|verify|rollback}")
    String confirm(@PathVariable long id, @PathVariable String action, Model model) {
        ExecutionSummary summary = jobs.status(id);
        checkInScope(id, action);
        model.addAttribute("summary", summary);
        model.addAttribute("action", ExecutionActions.ofPath(action));
        return "confirm";
    }

    @PostMapping("/executions/{id}/{action:stop|restart|abandon|verify|rollback}")
    String act(@PathVariable long id, @PathVariable String action, RedirectAttributes redirect) {
        checkInScope(id, action);
        try {
            return switch (ExecutionActions.ofPath(action)) {
                case STOP -> shown(id, actions.stop(id), redirect);
                case ABANDON -> shown(id, actions.abandon(id), redirect);
                case VERIFY -> shown(id, actions.verify(id), redirect);
                case ROLLBACK -> shown(id, actions.rollback(id), redirect);
                case RESTART -> {
                    long restarted = actions.restart(id);
                    redirect.addFlashAttribute("notice", "execution " + id + " restarted as execution " + restarted);
                    yield "redirect:/executions/" + restarted;
                }
            };
        } catch (RuntimeException e) {
            redirect.addFlashAttribute("error", ActionRunner.message(e));
            return "redirect:/executions/" + id;
        }
    }

    @GetMapping("/launch")
    String launchForm(Model model) {
        model.addAttribute("consoleRoots", scope.rootNames());
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new LaunchForm());
        }
        addChoices(model);
        return "launch";
    }

    @PostMapping("/launch")
    String launch(@ModelAttribute("form") LaunchForm form, Model model, RedirectAttributes redirect,
                  HttpServletResponse response) {
        try {
            LaunchInput.Checked checked = form.check(scope);
            long id = actions.launch(checked.request(), checked.settings());
            redirect.addFlashAttribute("notice", "launched execution " + id + ": headpatch launch " + form.commandLine());
            return "redirect:/executions/" + id;
        } catch (RuntimeException e) {
            if (e instanceof ConsoleRefusal) {
                response.setStatus(HttpStatus.FORBIDDEN.value());
            }
            model.addAttribute("error", ActionRunner.message(e));
            model.addAttribute("consoleRoots", scope.rootNames());
            addChoices(model);
            return "launch";
        }
    }

    /** An execution whose roots are not all inside the console's roots is not this console's to act on. */
    private void checkInScope(long id, String action) {
        if (!scope.covers(jobs.scan(id))) {
            throw new ConsoleRefusal(action + " of execution " + id + " refused: its roots are not all inside this"
                    + " console's roots " + scope.roots());
        }
    }

    private static String shown(long id, ActionResult result, RedirectAttributes redirect) {
        if (result == null) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        redirect.addFlashAttribute(result.failed() ? "error" : "notice", result.kind() + " of execution " + id + ": "
                + (result.state() == ActionResult.State.RUNNING ? "started; its result appears below when done" : "done"));
        return "redirect:/executions/" + id;
    }

    private static void addChoices(Model model) {
        model.addAttribute("templates", BuiltInTemplates.descriptions());
        model.addAttribute("ioModes", IoMode.values());
        model.addAttribute("syncModes", SyncMode.values());
    }
}
