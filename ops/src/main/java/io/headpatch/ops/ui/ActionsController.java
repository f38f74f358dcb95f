package io.headpatch.ops.ui;

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
 * Stop, restart, retry, abandon, verify, rollback and launch: each a confirmation page (GET) and a POST
 * (with the CSRF token) that runs what the command runs and shows its result on the execution's page. An action
 * the execution's state does not allow ({@link ExecutionActions}) is refused, never performed.
 */
@Controller
class ActionsController {

    private static final String ACTIONS = "{action:stop|restart|retry|abandon|verify|rollback}";

    private final ConsoleJobs jobs;
    private final ActionRunner actions;
    private final ConsoleScope scope;
    private final ExecutionSnapshots snapshots;

    ActionsController(ConsoleJobs jobs, ActionRunner actions, ConsoleScope scope, ExecutionSnapshots snapshots) {
        this.jobs = jobs;
        this.actions = actions;
        this.scope = scope;
        this.snapshots = snapshots;
    }

    @GetMapping("/executions/{id}/" + ACTIONS)
    String confirm(@PathVariable long id, @PathVariable String action, Model model, RedirectAttributes redirect) {
        ExecutionSnapshot snapshot = snapshots.read(id);
        ExecutionActions chosen = ExecutionActions.ofPath(action);
        String refusal = refusal(id, chosen, snapshot);
        if (refusal != null) {
            redirect.addFlashAttribute("error", refusal);
            return "redirect:/executions/" + id;
        }
        model.addAttribute("summary", snapshot.summary());
        model.addAttribute("action", chosen);
        return "confirm";
    }

    @PostMapping("/executions/{id}/" + ACTIONS)
    String act(@PathVariable long id, @PathVariable String action, RedirectAttributes redirect) {
        ExecutionActions chosen = ExecutionActions.ofPath(action);
        try {
            String refusal = refusal(id, chosen, snapshots.read(id));
            if (refusal != null) {
                redirect.addFlashAttribute("error", refusal);
                return "redirect:/executions/" + id;
            }
            return switch (chosen) {
                case STOP -> shown(id, actions.stop(id), redirect);
                case ABANDON -> shown(id, actions.abandon(id), redirect);
                case VERIFY -> shown(id, actions.verify(id), redirect);
                case ROLLBACK -> shown(id, actions.rollback(id), redirect);
                case RESTART -> created(actions.restart(id), "execution " + id + " restarted as execution ", redirect);
                case RETRY -> created(actions.retry(id), "the failed files of execution " + id + " run again as execution ",
                        redirect);
            };
        } catch (ConsoleRefusal e) {
            throw e;
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

    /**
     * Why the action is not performed: a run outside the console's roots is refused outright ({@link ConsoleRefusal},
     * 403); one the action cannot work on as it is now gets the rule's reason, shown on its page.
     */
    private String refusal(long id, ExecutionActions action, ExecutionSnapshot snapshot) {
        if (!scope.covers(jobs.launched(id).scan())) {
            throw new ConsoleRefusal(action.path() + " of execution " + id + " refused: its roots are not all inside this"
                    + " console's roots " + scope.roots());
        }
        String blocker = action.blocker(snapshot);
        return blocker == null ? null : action.path() + " of execution " + id + " refused: " + blocker;
    }

    private static String created(long createdId, String notice, RedirectAttributes redirect) {
        redirect.addFlashAttribute("notice", notice + createdId);
        return "redirect:/executions/" + createdId;
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
