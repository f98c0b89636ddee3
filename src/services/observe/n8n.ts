import type { ServiceObservability } from '../../observe/types.ts';

/** n8n: workflow executions that fail. */
export const n8nObservability: ServiceObservability = {
  service: 'n8n',
  alerts: (_ctx, self) => {
    const s = (status: string, values: string) => ({
      series: `n8n_workflow_execution_duration_seconds_count{namespace="${self.namespace}",job="n8n",status="${status}",mode="trigger"}`,
      values,
    });
    return [
      {
        alert: 'N8nWorkflowsFailing',
        expr: `sum(increase(n8n_workflow_execution_duration_seconds_count{namespace="${self.namespace}",status="failed"}[1h])) > 5`,
        for: '10m',
        severity: 'warning',
        service: self.name,
        summary: 'More than 5 n8n workflow executions failed in the last hour',
        description: '{{ $value }} failed executions.',
        runbook: {
          meaning:
            'Workflows in n8n keep failing: a credential expired, a called service (LiteLLM, Qdrant, SearXNG) is down, or a workflow has a bug.',
          confirm: 'n8n → Executions, filtered by Error; Grafana → shai → n8n, "Executions by status".',
          covered: {
            none: "executions are inside n8n's database; doctor reports this alert when it fires (`shai doctor --probe`)",
          },
          fix: "Open a failed execution to see the node that failed; if it calls a platform service, check that service's alerts first.",
        },
        test: {
          fire: [s('failed', '0+1x70')],
          quiet: [s('failed', '0x70'), s('success', '0+10x70')],
          labels: {},
          evalTime: '65m',
        },
      },
    ];
  },
};
