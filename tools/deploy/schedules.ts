/**
 * A client's schedules written into the trigger nodes that own them: n8n's Schedule Trigger
 * (`rule.interval`) and the package's polling triggers (`pollTimes`). The node keeps its name
 * (other nodes and expressions refer to it); a note shown on the canvas says what was set.
 */
import type { TemplateNode } from '../agency/client-config';
import type { Schedule } from './client-file';

/** Whether a node runs on a schedule a client file may set. */
export function isScheduled(node: TemplateNode): boolean {
	return node.type === 'n8n-nodes-base.scheduleTrigger' || 'pollTimes' in node.parameters;
}

export function describeSchedule(schedule: Schedule): string {
	if ('everyMinutes' in schedule) return `every ${schedule.everyMinutes} minute(s)`;
	if ('everyHours' in schedule) return `every ${schedule.everyHours} hour(s)`;
	return `daily at ${schedule.dailyAt}`;
}

/** Sets the node's schedule in place. */
export function applySchedule(node: TemplateNode, schedule: Schedule): void {
	const [hour, minute] = 'dailyAt' in schedule ? schedule.dailyAt.split(':').map(Number) : [0, 0];
	if (node.type === 'n8n-nodes-base.scheduleTrigger') {
		const interval =
			'everyMinutes' in schedule
				? { field: 'minutes', minutesInterval: schedule.everyMinutes }
				: 'everyHours' in schedule
					? { field: 'hours', hoursInterval: schedule.everyHours }
					: { field: 'cronExpression', expression: `${minute} ${hour} * * *` };
		node.parameters.rule = { interval: [interval] };
	} else {
		const item =
			'everyMinutes' in schedule
				? { mode: 'everyX', value: schedule.everyMinutes, unit: 'minutes' }
				: 'everyHours' in schedule
					? { mode: 'everyX', value: schedule.everyHours, unit: 'hours' }
					: { mode: 'everyDay', hour, minute };
		node.parameters.pollTimes = { item: [item] };
	}
	Object.assign(node, {
		notes: `Runs ${describeSchedule(schedule)} (set by the client file)`,
		notesInFlow: true,
	});
}
