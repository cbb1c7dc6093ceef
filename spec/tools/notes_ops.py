"""Hand-written operation metadata: tag, summary, description, success-status text,
optional Rust name and schema names. Used by build_spec.py."""

TAGS = {
    'datasets': 'Datasets: creation, settings, statistics and monitoring.',
    'versions': 'Published (labeling) versions of a dataset.',
    'samples': 'Samples stored in a dataset and their annotations.',
    'labels': 'The label set defined on a dataset.',
    'import-export': 'Asynchronous tasks that import samples into a dataset or export them out of it.',
    'sync': 'Re-synchronising a dataset with its input storage location.',
    'workforce': 'Labeling teams, their members, and team labeling tasks with review and acceptance.',
    'processing': 'Data processing tasks (feature analysis, cleansing, validation, augmentation, selection) and their versions.',
    'auto-labeling': 'Intelligent tasks: auto labeling (active learning, pre-labeling) and auto grouping, plus their candidate samples.',
}

# op id -> dict(tag, summary, desc, ok[, rust][, req][, resp][, resp_ref][, req_ref])
OPS = {
 'ListDatasets': dict(tag='datasets', summary='List the datasets of the project, one page at a time.',
    desc='Returns a page of datasets with optional filtering by type, keyword, export capability and '
         'version split ratio. Set `with_labels` to include each dataset\'s label set, `file_preview` to get a '
         'few preview files, and `check_running_task` to learn whether tasks are still running on it.',
    ok='A page of datasets and the overall match count.'),
 'CreateDataset': dict(tag='datasets', summary='Create a dataset.',
    desc='Creates a dataset over an input location (`data_sources`) and an output location (`work_path`). '
         'Creation also starts an import of the existing data; its task id is returned in `import_task_id`.',
    ok='The dataset was created.'),
 'DescDataset': dict(tag='datasets', rust='describe_dataset', summary='Get the details of one dataset.',
    desc='Returns the full description of a dataset: storage paths, sample counters, labels, current version and '
         'team labeling settings.', ok='The dataset.', resp='DatasetDetail'),
 'UpdateDataset': dict(tag='datasets', summary='Change the basic settings of a dataset.',
    desc='Renames a dataset, edits its description, switches its current version, and adds, changes or removes '
         'labels in a single call. Omitted fields keep their values.', ok='The dataset was updated.'),
 'DeleteDataset': dict(tag='datasets', summary='Delete a dataset.',
    desc='Removes the dataset definition. The source files in storage are left untouched.',
    ok='The dataset was deleted.'),
 'GetDatasetStats': dict(tag='datasets', summary='Get sample and label statistics of a dataset.',
    desc='Counts samples per state and per label, hard-example figures and metadata statistics. The optional '
         '`sample_state` narrows the label statistics to samples in that state; `email` scopes them to one team member.',
    ok='The statistics.'),
 'GetDatasetMetrics': dict(tag='datasets', summary='Get monitoring time series of a dataset.',
    desc='Returns labeling-progress metrics of a dataset between `start_time` and `end_time`, optionally restricted '
         'to one team labeling task.', ok='The metrics.'),
 'ListDatasetVersions': dict(tag='versions', summary='List the published versions of a dataset.',
    desc='Returns a page of the dataset\'s versions, newest first by default, with optional filters on status, '
         'format and split ratio.', ok='A page of versions.'),
 'CreateDatasetVersion': dict(tag='versions', summary='Publish a new version of a dataset.',
    desc='Snapshots the current labeled samples into a new version (a manifest plus optional exported images). '
         'Publishing runs asynchronously; poll the version until its status settles.',
    ok='The version is being published.'),
 'DescribeDatasetVersion': dict(tag='versions', summary='Get the details of one dataset version.',
    desc='Returns the settings, counters and storage paths of a published dataset version.',
    ok='The version.', resp_ref='DatasetVersion'),
 'DeleteDatasetVersion': dict(tag='versions', summary='Delete a dataset version.',
    desc='Removes a published version of the dataset. The dataset itself and its samples are kept.',
    ok='The version was deleted.'),
 'ListSamples': dict(tag='samples', summary='List the samples of a dataset, one page at a time.',
    desc='Returns samples with their labels and metadata. Filter by state, label, labeling type, confidence '
         'range or an encoded multi-dimensional search condition; optionally ask for resized image previews.',
    ok='A page of samples.'),
 'UploadSamplesJson': dict(tag='samples', rust='add_samples', summary='Add samples to a dataset in one call.',
    desc='Uploads samples whose content is sent inline (base64-style byte strings) or referenced from a data '
         'source, optionally with labels. Each sample gets its own result entry.',
    ok='The batch was processed; per-sample outcomes are in `results`.'),
 'DeleteSamples': dict(tag='samples', summary='Delete several samples of a dataset at once.',
    desc='Removes the listed samples from the dataset. For datasets whose samples are files, `delete_source` '
         'also removes the underlying files from storage.',
    ok='The batch was processed; per-sample outcomes are in `results`.', nf='The project or dataset does not exist.'),
 'DescribeSample': dict(tag='samples', summary='Get one sample of a dataset.',
    desc='Returns a sample with its labels, metadata, review and acceptance information.',
    ok='The sample.', resp_ref='Sample'),
 'ListSearch': dict(tag='samples', rust='get_search_conditions', summary='Get the values available for sample search filters.',
    desc='Returns the labels, team members and sample metadata values that can be used to build search '
         'conditions for the sample list.', ok='The available filter values.', resp='SearchConditionsResponse'),
 'ListWorkforceTaskSamples': dict(tag='workforce', summary='List the samples of a team labeling task, one page at a time.',
    desc='Like the dataset sample list, but limited to the samples assigned to one team labeling task.',
    ok='A page of samples.'),
 'DescribeWorkforceTaskSample': dict(tag='workforce', summary='Get one sample of a team labeling task.',
    desc='Returns a sample as labeled within a team labeling task. Only available once an acceptance task has '
         'been started for the task.', ok='The sample.', resp_ref='Sample'),
 'ListLabels': dict(tag='labels', summary='List the labels of a dataset.',
    desc='Returns the label definitions of a dataset, or of one of its versions when `version_id` is given.',
    ok='A page of labels.'),
 'CreateLabels': dict(tag='labels', summary='Add labels to a dataset.',
    desc='Defines one or more new labels on the dataset.', ok='The batch was processed; per-label outcomes are in `results`.'),
 'UpdateLabels': dict(tag='labels', summary='Change several labels of a dataset.',
    desc='Updates the attributes and properties of existing labels, identified by name.',
    ok='The batch was processed; per-label outcomes are in `results`.'),
 'DeleteLabels': dict(tag='labels', summary='Delete several labels of a dataset.',
    desc='Removes labels by name. `delete_policy` decides whether samples carrying only those labels (and their '
         'files) go as well.', ok='The batch was processed; per-label outcomes are in `results`.'),
 'UpdateLabel': dict(tag='labels', summary='Change the properties of one label, addressed by name.',
    desc='Replaces the built-in properties (colour, shortcut, default shape, new name, triplet types) of a single '
         'label. The body is the property map itself.', ok='The label was updated.',
    req_ref='LabelProperty'),
 'DeleteLabelAndSamples': dict(tag='labels', summary='Delete one label and the samples that carry only that label.',
    desc='Removes the label, and every sample whose only label it was. `delete_source` also removes the files of '
         'those samples from storage.', ok='The label was deleted.'),
 'UpdateSamples': dict(tag='samples', summary='Replace the labels of several samples.',
    desc='Sets the labels of each listed sample; a sample sent without labels loses all of them. Use `email` to '
         'act on behalf of a team member.', ok='The batch was processed; per-sample outcomes are in `results`.'),
 'ListWorkforceTasks': dict(tag='workforce', summary='List the team labeling tasks of a dataset.',
    desc='Returns a page of team labeling tasks defined on the dataset.', ok='A page of team labeling tasks.'),
 'CreateWorkforceTask': dict(tag='workforce', summary='Create a team labeling task on a dataset.',
    desc='Creates a task that distributes the dataset\'s samples (optionally filtered by search conditions) to '
         'labeling teams and their members.', ok='The task was created.'),
 'DescWorkforceTask': dict(tag='workforce', rust='describe_workforce_task', summary='Get the details of a team labeling task.',
    desc='Returns the task settings, progress and acceptance state. Sample, label and member statistics are only '
         'computed when requested with the matching query flags.', ok='The task.', resp='WorkforceTaskDetail'),
 'StartWorkforceTask': dict(tag='workforce', summary='Start a team labeling task.',
    desc='Starts (or restarts) a team labeling task and assigns its samples according to the given team '
         'configuration.', ok='The task was started.'),
 'UpdateWorkforceTask': dict(tag='workforce', summary='Change a team labeling task.',
    desc='Renames a team labeling task, edits its description or changes the teams and members working on it.',
    ok='The task was updated.'),
 'DeleteWorkforceTask': dict(tag='workforce', summary='Delete a team labeling task.',
    desc='Removes a team labeling task. Labels already synchronized to the dataset stay.', ok='The task was deleted.'),
 'StartWorkforceSamplingTask': dict(tag='workforce', summary='Start an acceptance check of a team labeling task.',
    desc='Draws a sample of the task\'s labeled data, either by count or by ratio, for the dataset owner to '
         'accept or reject. Runs asynchronously.', ok='The acceptance task was created.'),
 'GetWorkforceSamplingTask': dict(tag='workforce', summary='Get the report of an acceptance check.',
    desc='Returns the statistics of the acceptance check currently running on a team labeling task, or of the '
         'given one, together with the totals over all past checks.', ok='The acceptance report.'),
 'UpdateWorkforceSamplingTask': dict(tag='workforce', summary='Conclude or cancel an acceptance check.',
    desc='Applies an acceptance decision (pass or reject all, or only some groups of samples, or cancel) to the '
         'team labeling task and updates the affected samples.', ok='The decision was applied.'),
 'ListWorkforceTaskStats': dict(tag='workforce', summary='Get sample and label statistics of a team labeling task.',
    desc='The team-task counterpart of the dataset statistics: counts per sample state and per label, hard '
         'examples and metadata statistics.', ok='The statistics.'),
 'GetWorkforceTaskMetrics': dict(tag='workforce', summary='Get the progress of each member of a team labeling task.',
    desc='Returns, per team member, counters of samples by state.', ok='The per-member progress.'),
 'ListWorkerTasks': dict(tag='workforce', summary='List the team labeling tasks of the calling team member.',
    desc='Returns the tasks assigned to the current user as a labeler, reviewer or manager, with per-member '
         'statistics.', ok='A page of member tasks.'),
 'AcceptSamples': dict(tag='workforce', summary='Submit acceptance comments on samples.',
    desc='Records the dataset owner\'s verdict, score and comment for samples drawn by an acceptance check.',
    ok='The comments were recorded.'),
 'ReviewSamples': dict(tag='workforce', summary='Submit review verdicts on team-labeled samples.',
    desc='Records a reviewer\'s verdict, score and comment for samples labeled within a team labeling task.',
    ok='The review was recorded.'),
 'UpdateWorkforceTaskSamples': dict(tag='workforce', summary='Replace the labels of several samples of a team labeling task.',
    desc='Team-task counterpart of the batch sample label update: sets the labels of each listed sample within '
         'the task.', ok='The batch was processed; per-sample outcomes are in `results`.'),
 'ListWorkforces': dict(tag='workforce', summary='List the labeling teams of the project.',
    desc='Returns a page of labeling teams, optionally filtered by a keyword.', ok='A page of teams.'),
 'CreateWorkforce': dict(tag='workforce', summary='Create a labeling team.',
    desc='Creates an empty labeling team; add members with the member API.', ok='The team was created.'),
 'DescWorkforce': dict(tag='workforce', rust='describe_workforce', summary='Get the details of a labeling team.',
    desc='Returns the name, description and member count of a labeling team.', ok='The team.', resp_ref='Workforce'),
 'UpdateWorkforce': dict(tag='workforce', summary='Rename a labeling team or change its description.',
    desc='Updates the name and description of a labeling team.', ok='The team was updated.'),
 'DeleteWorkforce': dict(tag='workforce', summary='Delete a labeling team.',
    desc='Removes a labeling team together with its member list.', ok='The team was deleted.'),
 'SendEmails': dict(tag='workforce', summary='Notify team members of a team labeling task by e-mail.',
    desc='Sends the task notification e-mail to the given members of the task\'s teams.',
    ok='The batch was processed; per-address outcomes are in `results`.'),
 'ListAllWorkers': dict(tag='workforce', summary='List the members of all labeling teams.',
    desc='Returns a page of team members across every team of the project, optionally filtered by role.',
    ok='A page of members.'),
 'ListWorkers': dict(tag='workforce', summary='List the members of one labeling team.',
    desc='Returns a page of the members of a labeling team.', ok='A page of members.'),
 'CreateWorker': dict(tag='workforce', summary='Add members to a labeling team.',
    desc='Invites one or more people, identified by e-mail address, into a labeling team with a given role.',
    ok='The member was added.'),
 'BatchDeleteWorkers': dict(tag='workforce', summary='Remove several members from a labeling team.',
    desc='Deletes team members by id.', ok='The batch was processed; per-member outcomes are in `results`.'),
 'DescWorker': dict(tag='workforce', rust='describe_worker', summary='Get the details of a team member.',
    desc='Returns the e-mail address, role, status and description of one team member.', ok='The member.',
    resp_ref='Worker'),
 'UpdateWorker': dict(tag='workforce', summary='Change the role or description of a team member.',
    desc='Updates a member of a labeling team.', ok='The member was updated.'),
 'DeleteWorker': dict(tag='workforce', summary='Remove one member from a labeling team.',
    desc='Deletes a single team member.', ok='The member was removed.'),
 'ListImportTasks': dict(tag='import-export', summary='List the import tasks of a dataset.',
    desc='Returns a page of the dataset\'s import tasks with their progress.', ok='A page of import tasks.'),
 'ImportTask': dict(tag='import-export', rust='create_import_task', summary='Start importing samples into a dataset.',
    desc='Imports samples, and optionally their labels, from a storage directory, a manifest file or a table '
         'source. Runs asynchronously; poll the returned task.', ok='The import task was created.',
    req='CreateImportTaskRequest', resp='CreateImportTaskResponse'),
 'DescImportTask': dict(tag='import-export', rust='describe_import_task', summary='Get the status of an import task.',
    desc='Returns the progress and counters of one dataset import task.', ok='The import task.', resp_ref='ImportTask'),
 'GetExportTasksStatusOfDataset': dict(tag='import-export', rust='list_export_tasks',
    summary='List the export tasks of a dataset.',
    desc='Returns a page of the dataset\'s export tasks, optionally filtered by export type. Note the id differs '
         'by one letter from the single-task query; the Rust method name makes the difference explicit.',
    ok='A page of export tasks.', resp='ListExportTasksResponse'),
 'ExportTask': dict(tag='import-export', rust='create_export_task', summary='Start exporting samples of a dataset.',
    desc='Exports samples (all, labeled, unlabeled or matching search conditions) either to a storage directory or '
         'into a new dataset. Runs asynchronously.', ok='The export task was created.',
    req='CreateExportTaskRequest', resp_ref='ExportTask'),
 'GetExportTaskStatusOfDataset': dict(tag='import-export', rust='describe_export_task',
    summary='Get the status of one export task.',
    desc='Returns the progress of one export task of a dataset. The path names the dataset `resource_id` '
         'instead of `dataset_id`; it is the same dataset identifier.', ok='The export task.', resp_ref='ExportTask'),
 'SyncDataSource': dict(tag='sync', summary='Synchronise a dataset with its input location.',
    desc='Picks up samples and labels added to or removed from the dataset\'s input storage path since the last '
         'import. Not available for text datasets. Runs asynchronously; poll the synchronisation status.',
    ok='Synchronisation was started.'),
 'SyncDataSourceState': dict(tag='sync', rust='get_sync_status', summary='Get the status of the latest dataset synchronisation.',
    desc='Returns the state and counters of the most recent synchronisation of the dataset.',
    ok='The synchronisation status.', resp='SyncStatus'),
 'ListAutoAnnotationSamples': dict(tag='auto-labeling', summary='List auto-labeled samples awaiting confirmation.',
    desc='Returns a page of samples labeled by an auto labeling task whose labels still need to be confirmed.',
    ok='A page of samples.'),
 'DescribeAutoAnnotationSample': dict(tag='auto-labeling', summary='Get one auto-labeled sample.',
    desc='Returns a sample produced by auto labeling, with its proposed labels and hard-example details.',
    ok='The sample.', resp_ref='Sample'),
 'ListTasks': dict(tag='auto-labeling', summary='List the intelligent tasks of a dataset.',
    desc='Returns a page of auto labeling or auto grouping tasks; `type` selects the kind (auto labeling by '
         'default).', ok='A page of tasks.'),
 'CreateTask': dict(tag='auto-labeling', summary='Start an intelligent task on a dataset.',
    desc='Starts auto labeling (active learning or pre-labeling with a deployed model) or auto grouping, chosen by '
         '`task_type`. The task runs asynchronously; use the returned id to follow it.', ok='The task was started.'),
 'AutoAnnotationProgress': dict(tag='auto-labeling', rust='describe_task', summary='Get the progress of an intelligent task.',
    desc='Returns the status, progress, configuration and result of one auto labeling or auto grouping task.',
    ok='The task.', resp='IntelligentTaskProgress'),
 'StopAutoAnnotation': dict(tag='auto-labeling', summary='Stop an intelligent task.',
    desc='Stops a running auto labeling or auto grouping task.', ok='The task was stopped.'),
 'ListProcessorTasks': dict(tag='processing', summary='List data processing tasks.',
    desc='Returns a page of processing tasks (feature analysis and data processing), filtered by template, '
         'data source, dataset version, status or keyword.', ok='A page of processing tasks.'),
 'CreateProcessorTask': dict(tag='processing', summary='Create a data processing task.',
    desc='Creates a feature analysis or data processing task; the template id in `template.id` selects the '
         'algorithm. Set `create_version` to also start its first version.', ok='The task was created.'),
 'GetProcessorTaskItems': dict(tag='processing', summary='List the available data processing algorithms.',
    desc='Returns the algorithm types (templates) that processing tasks can be created from.',
    ok='The algorithm types.'),
 'DescribeProcessorTask': dict(tag='processing', summary='Get the details of a data processing task.',
    desc='Returns the configuration, status and, for finished feature analysis tasks, the result of a processing '
         'task.', ok='The processing task.', resp_ref='ProcessorTask'),
 'UpdateProcessorTask': dict(tag='processing', summary='Change the description of a data processing task.',
    desc='Only the description of a processing task can be changed.', ok='The task was updated.'),
 'DeleteProcessorTask': dict(tag='processing', summary='Delete a data processing task.',
    desc='Removes a feature analysis or data processing task. Unlike most deletions here it answers 200.',
    ok='The task was deleted.'),
 'ListProcessorTaskVersions': dict(tag='processing', summary='List the versions of a data processing task.',
    desc='Returns a page of the runs (versions) of a processing task.', ok='A page of versions.'),
 'CreateProcessorTaskVersion': dict(tag='processing', summary='Run a data processing task again as a new version.',
    desc='Creates and starts a new version of a processing task, with its own inputs, template parameters and '
         'output location.', ok='The version was created.'),
 'DescProcessorTaskVersion': dict(tag='processing', rust='describe_processor_task_version',
    summary='Get the details of a data processing task version.',
    desc='Returns the configuration, status and image counters of one version of a processing task.',
    ok='The version.', resp_ref='ProcessorTaskVersion'),
 'DeleteProcessorTaskVersion': dict(tag='processing', summary='Delete a version of a data processing task.',
    desc='Removes one version of a processing task.', ok='The version was deleted.'),
 'ListProcessorTaskVersionResults': dict(tag='processing', summary='List the per-sample results of a processing task version.',
    desc='Returns, sample by sample, what a processing version did (kept, modified, deleted or added) with signed '
         'links to the original and processed files.', ok='A page of results.'),
 'StopProcessorTaskVersion': dict(tag='processing', summary='Stop a running version of a data processing task.',
    desc='Stops a processing task version that is still running.', ok='The version was stopped.'),
}

# op id -> x-pagination {offset, limit, items[, total]}: offset/limit paging that the generator turns
# into `send_all()`. That helper starts at `offset` and moves it on by the number of items each page
# returned, so it is only correct when `offset` counts items.
#
# Deliberately empty. Every candidate page (the 18 list operations with `offset` and `limit` query
# parameters: ListDatasets, ListDatasetVersions, ListSamples, ListWorkforceTaskSamples, ListLabels,
# ListWorkforceTasks, ListWorkerTasks, ListWorkforces, ListAllWorkers, ListWorkers, ListImportTasks,
# GetExportTasksStatusOfDataset, ListAutoAnnotationSamples, ListTasks, ListProcessorTasks,
# GetProcessorTaskItems, ListProcessorTaskVersions, ListProcessorTaskVersionResults) documents
# `offset` as the start *page* of the paging list (default 0), not as a number of items to skip, and
# no page shows a request with a non-zero offset that would say otherwise. Walking such a list by
# item count would skip pages, so none gets the extension. Should the service be confirmed to take
# an item offset, each response already fits the generator's checks, e.g.
#   'ListSamples': dict(offset='offset', limit='limit', items='samples', total='sample_count'),
#   'ListDatasets': dict(offset='offset', limit='limit', items='datasets', total='total_number'),
PAGINATION = {}
