"""Component names and texts for shared objects, enumerations, and deliberate type fixes."""

# docs object table name -> component schema name (reads well as a Rust type)
OBJ_NAMES = {
    'AnnotationFile': 'PreviewFile',
    'BatchResponse': 'BatchResponse',
    'CheckTaskStats': 'AcceptanceStats',
    'DataSource': 'DataSource',
    'DatasetAndFilePreview': 'Dataset',
    'DatasetVersion': 'DatasetVersion',
    'DescProcessorTaskVersionResultsResp': 'ProcessorTaskVersionResult',
    'DescTaskVersionResp': 'ProcessorTaskVersion',
    'DescribeProcessorTaskResp': 'ProcessorTask',
    'DescribeSampleResp': 'Sample',
    'Event': 'TaskEvent',
    'ExportParams': 'ExportParams',
    'ExportTaskStatusResp': 'ExportTask',
    'Field': 'SchemaField',
    'FileCopyProgress': 'FileCopyProgress',
    'Flavor': 'Flavor',
    'HardDetail': 'HardDetail',
    'HardSelectTask': 'HardSelectTask',
    'ImportTaskStatusResp': 'ImportTask',
    'InfConfig': 'InferenceConfig',
    'Label': 'Label',
    'LabelAttribute': 'LabelAttribute',
    'LabelAttributeValue': 'LabelAttributeValue',
    'LabelFormat': 'LabelFormat',
    'LabelProperty': 'LabelProperty',
    'LabelStats': 'LabelStats',
    'OperatorParam': 'ProcessorOperator',
    'PairOfintAndHardDetail': 'HardDetailCount',
    'ProcessorDataSource': 'ProcessorDataSource',
    'ProcessorTaskItem': 'ProcessorTaskItem',
    'Result': 'IntelligentTaskResult',
    'RunningTask': 'IntelligentTask',
    'Sample': 'SampleUpload',
    'SampleComment': 'SampleComment',
    'SampleLabel': 'SampleLabel',
    'SampleLabelProperty': 'SampleLabelProperty',
    'SampleLabels': 'AnnotatedSample',
    'SampleMetadata': 'SampleMetadata',
    'SampleStats': 'SampleStats',
    'SchemaMap': 'SchemaMap',
    'SearchCondition': 'SearchCondition',
    'SearchLabel': 'SearchLabel',
    'SearchLabels': 'SearchLabels',
    'SearchProp': 'SearchProp',
    'SmartTaskConfig': 'SmartTaskConfig',
    'SourceInfo': 'SourceInfo',
    'TemplateParam': 'ProcessorTemplate',
    'TrainingParameter': 'TrainingParameter',
    'UploadSampleResp': 'UploadSampleResult',
    'WorkPath': 'ProcessorWorkPath',
    'Worker': 'Worker',
    'WorkerTask': 'WorkerTask',
    'Workforce': 'Workforce',
    'WorkforceConfig': 'WorkforceAssignmentTeam',
    'WorkforceDescriptor': 'WorkforceDescriptor',
    'WorkforceInformation': 'WorkforceInformation',
    'WorkforceSamplingTaskDesc': 'AcceptanceTask',
    'WorkforceStats': 'WorkforceStats',
    'WorkforceTask': 'WorkforceTask',
    'WorkforcesConfig': 'WorkforceAssignment',
}

SCHEMA_DESC = {
    # seed texts, kept
    'DeleteSamplesRequest': 'Which samples to delete and whether their source files go too.',
    'DeleteSamplesResponse': 'Outcome of a batch sample deletion.',
    'BatchResponse': 'Outcome for one item of a batch operation.',
    # shared objects
    'PreviewFile': 'A dataset file returned as a preview in the dataset list.',
    'AcceptanceStats': 'Counters and scores of one acceptance check (or of all past checks) of a team labeling task.',
    'DataSource': 'Where a dataset reads its input: a storage path or a table source, with its connection details.',
    'Dataset': 'A dataset as returned by the dataset list, optionally with preview files.',
    'DatasetVersion': 'A published version of a dataset: publishing options, counters and storage paths.',
    'ProcessorTaskVersionResult': 'What one processing version did to one sample.',
    'ProcessorTaskVersion': 'One run (version) of a data processing task.',
    'ProcessorTask': 'A data processing or feature analysis task.',
    'Sample': 'A sample of a dataset with its labels, metadata and team labeling information.',
    'TaskEvent': 'A step of an intelligent task; steps can nest.',
    'ExportParams': 'Extra settings of an export task, mainly for exporting into a new dataset.',
    'ExportTask': 'A dataset export task and its progress.',
    'SchemaField': 'A column of a table dataset schema.',
    'FileCopyProgress': 'Progress of copying files during an import.',
    'Flavor': 'Compute flavor used to train the model of an intelligent task.',
    'HardDetail': 'Explanation of one hard-example reason.',
    'HardSelectTask': 'A hard-example selection job run as part of an intelligent task.',
    'ImportTask': 'A dataset import task and its progress.',
    'InferenceConfig': 'Deployment settings of a model used for pre-labeling.',
    'Label': 'A label defined on a dataset.',
    'LabelAttribute': 'An extra attribute of a label, for example the artist of a music label.',
    'LabelAttributeValue': 'One allowed value of a drop-down label attribute.',
    'LabelFormat': 'How labels are stored alongside text samples.',
    'LabelProperty': 'Built-in display and behaviour properties of a label. Keys use the `@modelarts:` prefix.',
    'LabelStats': 'A label with the number of samples and annotations that carry it.',
    'ProcessorOperator': 'An operator (processing step) of a processing template with its parameters.',
    'HardDetailCount': 'How often a hard-example reason occurs, with its explanation.',
    'ProcessorDataSource': 'Input or data source of a processing task.',
    'ProcessorTaskItem': 'An algorithm type (template) available for processing tasks.',
    'IntelligentTaskResult': 'Outcome of an intelligent task: produced artefacts, jobs and services.',
    'IntelligentTask': 'An auto labeling or auto grouping task with its status.',
    'SampleUpload': 'A sample sent inline when adding samples.',
    'SampleComment': 'A review or acceptance verdict on one sample.',
    'SampleLabel': 'A label attached to a sample, possibly with a shape or text span.',
    'SampleLabelProperty': 'Built-in properties of a sample label: shape and coordinates, text span, speech '
                           'segment, triplet ends, hard-example flags. Keys use the `@modelarts:` prefix.',
    'AnnotatedSample': 'A sample together with the complete list of labels it should carry.',
    'SampleMetadata': 'Built-in metadata of a sample (hard-example flags, image size, origin). Keys use the '
                      '`@modelarts:` prefix.',
    'SampleStats': 'Sample counters of a team labeling task, by labeling, review and acceptance state.',
    'SchemaMap': 'Maps a source column to a dataset column when importing table data.',
    'SearchCondition': 'A sample filter. Fields set in one condition must all match.',
    'SearchLabel': 'Label filter: name, type and property values.',
    'SearchLabels': 'A set of label filters combined with AND or OR.',
    'SearchProp': 'Filter on sample metadata properties.',
    'SmartTaskConfig': 'Configuration of an intelligent task (auto labeling or auto grouping).',
    'SourceInfo': 'Connection details of a table data source (DWS, DLI, RDS or MRS).',
    'ProcessorTemplate': 'The algorithm template of a processing task and its operator parameters.',
    'TrainingParameter': 'A name/value parameter passed to the training job of an intelligent task.',
    'UploadSampleResult': 'Outcome for one uploaded sample.',
    'ProcessorWorkPath': 'Output location of a processing task: a storage path or a new dataset version.',
    'Worker': 'A member of a labeling team.',
    'WorkerTask': 'A team labeling task seen from one team member, with that member\'s statistics.',
    'Workforce': 'A labeling team.',
    'WorkforceAssignmentTeam': 'A team taking part in a team labeling task, with the members chosen from it.',
    'WorkforceDescriptor': 'Team labeling settings of a dataset as reported with the dataset.',
    'WorkforceInformation': 'Team labeling task to create together with a dataset.',
    'AcceptanceTask': 'State of the acceptance check of a team labeling task.',
    'WorkforceStats': 'Head counts of a team labeling task.',
    'WorkforceTask': 'A team labeling task on a dataset.',
    'WorkforceAssignment': 'Who works on a team labeling task: a delegated manager or an explicit list of teams.',
    # operation bodies whose generated text would read poorly
    'DatasetDetail': 'The full description of one dataset.',
    'WorkforceTaskDetail': 'A team labeling task with optional per-member progress.',
    'SearchConditionsResponse': 'Values that can be used in sample search conditions.',
    'SyncStatus': 'State of the latest synchronisation of a dataset with its input location.',
    'IntelligentTaskProgress': 'Status, configuration and result of one intelligent task.',
    'ListExportTasksResponse': 'A page of export tasks. The docs also list single-task fields at this level; '
                               'they are usually absent.',
}

# name -> dict(type, desc, values, names (Rust variants / readable names), texts[, varnames])
# `desc` is the enum's summary (its `description`); `texts` are the per-value descriptions, one
# short sentence each in the order of `values` (emitted as `x-enum-descriptions`).
def _e(type_, desc, rows, varnames=False):
    return dict(type=type_, desc=desc, values=[r[0] for r in rows], names=[r[1] for r in rows],
                texts=[r[2] for r in rows], varnames=varnames)

ENUMS = {
    'DatasetType': _e('integer', 'Kind of data and labeling a dataset is made for (also used to filter samples by labeling type).', [
        (0, 'ImageClassification', 'Images, each tagged with one or more class labels.'),
        (1, 'ObjectDetection', 'Images in which objects are marked with shapes such as boxes.'),
        (3, 'ImageSegmentation', 'Images whose regions are labeled pixel by pixel.'),
        (100, 'TextClassification', 'Texts, each tagged with class labels.'),
        (101, 'NamedEntityRecognition', 'Texts in which spans are labeled as named entities.'),
        (102, 'TextTriplet', 'Texts labeled with entities and the relations between them.'),
        (200, 'SoundClassification', 'Audio clips, each tagged with class labels.'),
        (201, 'SpeechContent', 'Audio whose speech is transcribed to text.'),
        (202, 'SpeechParagraphLabeling', 'Audio split into speech segments, each with a start and an end time.'),
        (400, 'Table', 'Tabular data: rows that follow a column schema.'),
        (600, 'VideoLabeling', 'Videos whose frames carry labels.'),
        (900, 'CustomFormat', 'Data in a free format, without built-in labeling.')]),
    'LabelType': _e('integer', 'Kind of annotation a label is used for.', [
        (0, 'ImageClassification', 'A class label for whole images.'),
        (1, 'ObjectDetection', 'A label for objects marked with a shape in images.'),
        (3, 'ImageSegmentation', 'A label for segmented image regions.'),
        (100, 'TextClassification', 'A class label for whole texts.'),
        (101, 'NamedEntityRecognition', 'A label for named-entity spans in texts.'),
        (102, 'TextTripletRelation', 'A relation that links two entities of a text triplet.'),
        (103, 'TextTripletEntity', 'An entity of a text triplet.'),
        (200, 'SoundClassification', 'A class label for audio clips.'),
        (201, 'SpeechContent', 'A label holding the transcription of speech.'),
        (202, 'SpeechParagraphLabeling', 'A label for a timed segment of speech.'),
        (600, 'VideoLabeling', 'A label for video frames.')]),
    'DatasetStatus': _e('integer', 'Lifecycle state of a dataset.', [
        (0, 'Creating', 'The dataset is being created.'),
        (1, 'Normal', 'The dataset is ready for use.'),
        (2, 'Deleting', 'The dataset is being deleted.'),
        (3, 'Deleted', 'The dataset has been deleted.'),
        (4, 'Abnormal', 'The dataset is in an error state.'),
        (5, 'Synchronizing', 'The dataset is being synchronised with its input location.'),
        (6, 'Publishing', 'A new version of the dataset is being published.'),
        (7, 'SwitchingVersion', 'The dataset is switching to another current version.'),
        (8, 'Importing', 'Data is being imported into the dataset.')]),
    'DatasetVersionStatus': _e('integer', 'Lifecycle state of a dataset version.', [
        (0, 'Creating', 'The version is being published.'),
        (1, 'Normal', 'The version is published and can be used.'),
        (2, 'Deleting', 'The version is being deleted.'),
        (3, 'Deleted', 'The version has been deleted.'),
        (4, 'Error', 'Publishing the version failed.')]),
    'DatasetTaskType': _e('integer', 'Kind of background task looked for when checking whether a dataset is busy.', [
        (0, 'AutoLabeling', 'An auto labeling task.'),
        (1, 'PreLabeling', 'A pre-labeling task.'),
        (2, 'Export', 'An export task.'),
        (3, 'VersionSwitch', 'A switch of the current version.'),
        (4, 'ManifestExport', 'An export of the manifest.'),
        (5, 'ManifestImport', 'An import from a manifest.'),
        (6, 'VersionPublishing', 'The publishing of a new version.'),
        (7, 'AutoGrouping', 'An auto grouping task.')]),
    'VersionFormatCode': _e('integer', 'Storage format of dataset versions, as a numeric filter value.', [
        (0, 'Default', 'The default, manifest based format.'),
        (1, 'CarbonData', 'CarbonData; table datasets only.'),
        (2, 'Csv', 'CSV files.')]),
    'VersionFormat': _e('string', 'Storage format of a dataset version.', [
        ('Default', 'Default', 'The default, manifest based format.'),
        ('CarbonData', 'CarbonData', 'CarbonData; table datasets only.'),
        ('CSV', 'Csv', 'CSV files.')]),
    'DataFormat': _e('string', 'Storage format of the data of a new dataset.', [
        ('Default', 'Default', 'The default storage format.'),
        ('CarbonData', 'CarbonData', 'CarbonData; table datasets only.')]),
    'DataSourceType': _e('integer', 'Kind of storage a dataset input comes from.', [
        (0, 'Obs', 'An object storage (OBS) location; the default.'),
        (1, 'Dws', 'A GaussDB(DWS) data warehouse.'),
        (2, 'Dli', 'Data Lake Insight (DLI).'),
        (3, 'Rds', 'A Relational Database Service (RDS) database.'),
        (4, 'Mrs', 'A MapReduce Service (MRS) cluster.'),
        (5, 'AiGallery', 'AI Gallery.'),
        (6, 'InferenceService', 'An inference service.')]),
    'DatasetFormat': _e('integer', 'Whether a dataset holds files or a table.', [
        (0, 'File', 'The dataset is made of files.'),
        (1, 'Table', 'The dataset is a table.')]),
    'WorkerRole': _e('integer', 'Role of a labeling team member.', [
        (0, 'Labeler', 'A labeler, who labels samples.'),
        (1, 'Reviewer', 'A reviewer, who checks labeled samples.'),
        (2, 'TeamManager', 'A team manager, who runs the team and its tasks.'),
        (3, 'DatasetOwner', 'The owner of the dataset; reported by the service, not assignable when a member is added.')]),
    'WorkerStatus': _e('integer', 'Invitation and login state of a team member.', [
        (0, 'NotInvited', 'No invitation e-mail has been sent yet.'),
        (1, 'Invited', 'Invited, but has never logged in.'),
        (2, 'LoggedIn', 'Has logged in at least once.'),
        (3, 'Deleted', 'Removed from the team.')]),
    'WorkforceTaskStatus': _e('integer', 'State of a team labeling task.', [
        (0, 'Starting', 'Starting; samples are still being handed out to members.'),
        (1, 'Running', 'Labeling and review are in progress.'),
        (2, 'Accepting', 'An acceptance check is open.'),
        (3, 'Accepted', 'Accepted; the task is finished.'),
        (4, 'Rejected', 'Rejected; the samples have to be labeled and reviewed again.'),
        (5, 'SyncingAcceptance', 'The result of an acceptance check is being written back.'),
        (6, 'Created', 'Created but not started; only the dataset owner and the manager see it.'),
        (7, 'AcceptanceSampling', 'Samples for an acceptance check are being drawn.')]),
    'WorkerTaskStatus': _e('integer', 'State of a team labeling task as seen by a member.', [
        (6, 'Created', 'Created but not started.'),
        (0, 'Starting', 'Starting.'),
        (1, 'Running', 'Labeling and review are in progress.'),
        (2, 'Accepting', 'Under acceptance.'),
        (3, 'Accepted', 'Accepted; the task is finished.'),
        (4, 'Rejected', 'Rejected; the samples have to be labeled and reviewed again.')]),
    'EmailStatus': _e('integer', 'Delivery state of the notification e-mail sent to a member.', [
        (0, 'NotSent', 'No e-mail has been sent.'),
        (1, 'InvalidAddress', 'The e-mail address is malformed.'),
        (2, 'Unreachable', 'The e-mail address cannot be reached.'),
        (3, 'Sent', 'The e-mail was sent.')]),
    'DataSyncType': _e('integer', 'What a team labeling task keeps synchronised with its dataset.', [
        (0, 'None', 'Nothing is synchronised.'),
        (1, 'Data', 'New samples are synchronised.'),
        (2, 'Labels', 'Labels are synchronised.'),
        (3, 'DataAndLabels', 'Both new samples and labels are synchronised.')]),
    'AcceptanceAction': _e('integer', 'Decision that concludes an acceptance check.', [
        (0, 'PassAll', 'Accept every sample.'),
        (1, 'RejectAll', 'Reject every sample.'),
        (2, 'Cancel', 'Call off the acceptance check.'),
        (3, 'ListConflicts', 'Only fetch the samples whose verdicts conflict.'),
        (4, 'PassAcceptedAndUnchecked', 'Accept the samples accepted once as well as those not checked yet.'),
        (5, 'RejectRejectedAndUnchecked', 'Reject the samples rejected once as well as those not checked yet '
                                          '(one page instead says: accept only the samples accepted once).')]),
    'ExportFormat': _e('integer', 'Directory layout of exported files.', [
        (1, 'Tree', 'One directory per label, e.g. `rabbits/1.jpg`.'),
        (2, 'Tile', 'All files side by side with their label files, e.g. `1.jpg` next to `1.txt`.')]),
    'ExportType': _e('integer', 'Which samples an export includes.', [
        (0, 'Labeled', 'Only labeled samples.'),
        (1, 'Unlabeled', 'Only unlabeled samples.'),
        (2, 'All', 'Every sample.'),
        (3, 'BySearch', 'Only the samples that match the search conditions.')]),
    'ResultDestination': _e('integer', 'Where an auto grouping task writes its result.', [
        (0, 'Obs', 'Result files in object storage.'),
        (1, 'SampleAttributes', 'Attributes set on the samples.')]),
    'ImportType': _e('integer', 'How an import task reads its input.', [
        (0, 'Directory', 'It reads the files of a storage directory.'),
        (1, 'Manifest', 'It reads a manifest file.')]),
    'ImportMode': _e('string', 'How an import task should read its input.', [
        ('dir', 'Dir', 'Walk the files of a storage directory.'),
        ('manifest', 'Manifest', 'Read a manifest file.')]),
    'ImportOrigin': _e('string', 'Kind of source an import reads from.', [
        ('obs', 'Obs', 'Object storage (OBS); the default.'),
        ('dws', 'Dws', 'A GaussDB(DWS) data warehouse.'),
        ('dli', 'Dli', 'Data Lake Insight (DLI).'),
        ('rds', 'Rds', 'A Relational Database Service (RDS) database.'),
        ('mrs', 'Mrs', 'A MapReduce Service (MRS) cluster.'),
        ('inference', 'Inference', 'An inference service.')]),
    'QueuedTaskStatus': _e('string', 'State of an import or synchronisation task.', [
        ('QUEUING', 'Queuing', 'Waiting in the queue.'),
        ('STARTING', 'Starting', 'Starting up.'),
        ('RUNNING', 'Running', 'Running.'),
        ('COMPLETED', 'Completed', 'Finished successfully.'),
        ('FAILED', 'Failed', 'Ended with an error.'),
        ('NOT_EXIST', 'NotExist', 'There is no such task.')]),
    'ExportTaskStatus': _e('string', 'State of an export task.', [
        ('INIT', 'Init', 'Initialised, not running yet.'),
        ('RUNNING', 'Running', 'Running.'),
        ('FAILED', 'Failed', 'Ended with an error.'),
        ('SUCCESSED', 'Succeeded', 'Finished successfully (the service spells it `SUCCESSED`).')], varnames=True),
    'ExportDestination': _e('string', 'Where an export writes to.', [
        ('DIR', 'Dir', 'A storage directory; the default.'),
        ('NEW_DATASET', 'NewDataset', 'A new dataset.')]),
    'AnnotationFormat': _e('string', 'Annotation file format of an export.', [
        ('VOC', 'Voc', 'Pascal VOC XML files.'),
        ('COCO', 'Coco', 'COCO JSON files.')]),
    'AnalysisStatus': _e('integer', 'State of the feature analysis of a dataset version.', [
        (0, 'Initialized', 'The analysis has not started.'),
        (1, 'Running', 'The analysis is running.'),
        (2, 'Completed', 'The analysis has finished.'),
        (3, 'Failed', 'The analysis ended with an error.')]),
    'ProcessorTaskStatus': _e('integer', 'State of a data processing task or of one of its versions.', [
        (0, 'Initialized', 'Created, not running yet.'),
        (1, 'Running', 'Running.'),
        (2, 'Completed', 'Finished successfully.'),
        (3, 'Failed', 'Ended with an error.'),
        (4, 'Stopped', 'Stopped before it finished.'),
        (5, 'Timeout', 'Stopped because it ran out of time.'),
        (6, 'DeleteFailed', 'Deleting it did not succeed.'),
        (7, 'StopFailed', 'Stopping it did not succeed.')]),
    'IntelligentTaskStatus': _e('integer', 'State of an intelligent task.', [
        (-1, 'Queuing', 'Waiting in the queue.'),
        (0, 'Initializing', 'Being initialised.'),
        (1, 'Running', 'Running.'),
        (2, 'Failed', 'Ended with an error.'),
        (3, 'Succeeded', 'Finished successfully.'),
        (4, 'Stopping', 'Being stopped.'),
        (5, 'Stopped', 'Stopped.')]),
    'IntelligentTaskType': _e('string', 'Kind of intelligent task.', [
        ('auto-label', 'AutoLabel', 'Auto labeling by active learning.'),
        ('pre-label', 'PreLabel', 'Pre-labeling with an existing model.'),
        ('auto-grouping', 'AutoGrouping', 'Clustering of samples into groups.')]),
    'AutoLabelingAlgorithm': _e('string', 'Training strategy of active learning.', [
        ('fast', 'Fast', 'Trains on the labeled samples only.'),
        ('accurate', 'Accurate', 'Also learns from unlabeled samples (semi-supervised).')]),
    'SampleType': _e('integer', 'Kind of file a sample is.', [
        (0, 'Image', 'An image.'),
        (1, 'Text', 'A text.'),
        (2, 'Audio', 'An audio clip.'),
        (4, 'Table', 'Table row data.'),
        (6, 'Video', 'A video.'),
        (9, 'CustomFormat', 'A file in a free format.')]),
    'SampleUsage': _e('string', 'What a sample is used for.', [
        ('TRAIN', 'Train', 'Used for training.'),
        ('EVAL', 'Eval', 'Used for evaluation.'),
        ('TEST', 'Test', 'Used for testing.'),
        ('INFERENCE', 'Inference', 'Used for inference.')]),
    'AnnotatedBy': _e('string', 'Whether a video label was drawn by a person or by a model.', [
        ('human', 'Human', 'Drawn by a person.'),
        ('auto', 'Auto', 'Produced by auto labeling.')]),
    'LabelShape': _e('string', 'Shape drawn for an object detection label.', [
        ('bndbox', 'Bndbox', 'An axis-aligned rectangle (bounding box).'),
        ('polygon', 'Polygon', 'A closed polygon.'),
        ('circle', 'Circle', 'A circle.'),
        ('line', 'Line', 'A straight line.'),
        ('dashed', 'Dashed', 'A dashed straight line.'),
        ('point', 'Point', 'A single point.'),
        ('polyline', 'Polyline', 'An open polyline.')]),
    'LabelAttributeType': _e('string', 'Input kind of a label attribute.', [
        ('text', 'Text', 'Free text.'),
        ('select', 'Select', 'One value picked from a drop-down list.')]),
    'VersionLabelType': _e('string', 'Whether a published version contains multi-label samples.', [
        ('multi', 'Multi', 'Some samples carry several labels.'),
        ('single', 'Single', 'Every sample carries one label.')]),
    'TextLabelLayout': _e('string', 'Where the labels of text samples are stored.', [
        ('0', 'SeparateFile', 'In a companion file whose name has the `_result` suffix.'),
        ('1', 'SameFile', 'In the same file, split off by the configured separators; the default.')], varnames=True),
    'LogicalOperator': _e('string', 'How several criteria combine.', [
        ('AND', 'And', 'Every criterion must match.'),
        ('OR', 'Or', 'At least one criterion must match.')]),
    'SortOrder': _e('string', 'Sort direction.', [
        ('asc', 'Asc', 'Ascending: smallest or earliest first.'),
        ('desc', 'Desc', 'Descending: largest or latest first; the default.')]),
    'ProcessorSourceType': _e('string', 'Kind of input a processing task reads.', [
        ('OBS', 'Obs', 'A path in object storage.'),
        ('TASK', 'Task', 'The output of another processing task.'),
        ('DATASET', 'Dataset', 'A version of a dataset.'),
        ('CUSTOM', 'Custom', 'Data supplied by a resource tenant.')]),
    'WorkPathType': _e('string', 'Kind of output location of a processing task.', [
        ('OBS', 'Obs', 'A path in object storage.'),
        ('DATASET', 'Dataset', 'A version of a dataset.')]),
    'ProcessorTemplateId': _e('string', 'Algorithm template of a processing task.', [
        ('sys_data_analyse', 'DataAnalyse', 'Feature analysis.'),
        ('sys_data_cleaning', 'DataCleaning', 'Data cleansing.'),
        ('sys_data_augmentation', 'DataAugmentation', 'Data augmentation.'),
        ('sys_data_validation', 'DataValidation', 'Data validation.'),
        ('sys_data_selection', 'DataSelection', 'Data selection.')]),
    'SampleResultProperty': _e('integer', 'What a processing version did to a sample.', [
        (-1, 'All', 'No filter: results of every kind.'),
        (0, 'Kept', 'The sample was kept unchanged.'),
        (1, 'Modified', 'The sample was modified.'),
        (2, 'Deleted', 'The sample was removed.'),
        (3, 'Added', 'The sample was added.')]),
    'EventStatus': _e('string', 'State of a step of an intelligent task.', [
        ('waiting', 'Waiting', 'The step has not started.'),
        ('running', 'Running', 'The step is running.'),
        ('failed', 'Failed', 'The step ended with an error.'),
        ('success', 'Success', 'The step finished successfully.')]),
    'ReviewScore': _e('string', 'Grade given to a sample in review or acceptance, best first.', [
        ('A', 'A', 'The best grade.'),
        ('B', 'B', 'Good.'),
        ('C', 'C', 'Fair.'),
        ('D', 'D', 'Poor; the lowest grade.')]),
    'DatasetGeneration': _e('string', 'Dataset generation filter for the list: before or after datasets were decoupled from labeling tasks.', [
        ('v1', 'V1', 'Datasets created before the decoupling.'),
        ('v2', 'V2', 'Datasets created after the decoupling.'),
        ('all', 'All', 'Datasets of both generations.')]),
    'ProcessorTaskSortField': _e('string', 'Sort key of the processing task list.', [
        ('create_time', 'CreateTime', 'Creation time; the default.'),
        ('name', 'Name', 'Task name.'),
        ('duration_seconds', 'DurationSeconds', 'Running time.')]),
}
# where an enum applies: 'Component.field' (body field) or 'OpId?param' (query parameter)
ENUM_FIELDS = {}
def _on(enum, *keys):
    for k in keys:
        ENUM_FIELDS[k] = enum
_on('DatasetType', 'ListDatasets?dataset_type', 'Dataset.dataset_type', 'CreateDatasetRequest.dataset_type',
    'DatasetDetail.dataset_type', 'ListSamples?label_type', 'ListWorkforceTaskSamples?label_type',
    'ListAutoAnnotationSamples?label_type')
_on('LabelType', 'Label.type', 'LabelStats.type', 'SampleLabel.type', 'SearchLabel.type',
    'UpdateLabel?label_type', 'DeleteLabelAndSamples?label_type')
_on('DatasetStatus', 'Dataset.status', 'DatasetDetail.status')
_on('DatasetVersionStatus', 'DatasetVersion.status', 'ListDatasetVersions?status')
_on('DatasetTaskType', 'ListDatasets?running_task_type', 'DescDataset?running_task_type')
_on('VersionFormatCode', 'ListDatasets?version_format', 'ListDatasetVersions?version_format')
_on('VersionFormat', 'DatasetVersion.version_format', 'ExportTask.version_format',
    'CreateExportTaskRequest.version_format', 'ListExportTasksResponse.version_format',
    'CreateDatasetVersionRequest.version_format', 'SmartTaskConfig.version_format')
_on('DataFormat', 'CreateDatasetRequest.data_format')
_on('DataSourceType', 'DataSource.data_type')
_on('DatasetFormat', 'Dataset.dataset_format', 'DatasetDetail.dataset_format')
_on('WorkerRole', 'Worker.role', 'UpdateWorkerRequest.role', 'ListAllWorkers?role', 'CreateWorkerRequest.role')
_on('WorkerStatus', 'Worker.status')
_on('WorkforceTaskStatus', 'WorkforceTask.status', 'WorkforceTaskDetail.status')
_on('WorkerTaskStatus', 'WorkerTask.task_status')
_on('EmailStatus', 'WorkerTask.email_status')
_on('DataSyncType', 'WorkforceInformation.data_sync_type', 'CreateWorkforceTaskRequest.data_sync_type')
_on('AcceptanceAction', 'AcceptanceTask.action', 'UpdateWorkforceSamplingTaskRequest.action')
_on('ExportFormat', 'ExportTask.export_format', 'CreateExportTaskRequest.export_format',
    'ListExportTasksResponse.export_format', 'SmartTaskConfig.export_format')
_on('ExportType', 'GetExportTasksStatusOfDataset?export_type', 'ExportTask.export_type',
    'CreateExportTaskRequest.export_type', 'ListExportTasksResponse.export_type')
_on('ResultDestination', 'IntelligentTaskProgress.export_type', 'SmartTaskConfig.result_type')
_on('ImportType', 'ImportTask.import_type')
_on('ImportMode', 'CreateImportTaskRequest.import_type')
_on('ImportOrigin', 'CreateImportTaskRequest.import_origin')
_on('QueuedTaskStatus', 'ImportTask.status', 'SyncStatus.status')
_on('ExportTaskStatus', 'ExportTask.status')
_on('ExportDestination', 'ExportParams.export_dest')
_on('AnnotationFormat', 'CreateExportTaskRequest.annotation_format')
_on('AnalysisStatus', 'DatasetVersion.analysis_status')
_on('ProcessorTaskStatus', 'DatasetVersion.processor_task_status', 'ProcessorTask.status',
    'ProcessorTaskVersion.status', 'ListProcessorTasks?status')
_on('IntelligentTaskStatus', 'IntelligentTaskProgress.status')
_on('IntelligentTaskType', 'ListTasks?type', 'CreateTaskRequest.task_type')
_on('AutoLabelingAlgorithm', 'SmartTaskConfig.algorithm_type')
_on('SampleType', 'ListSamples?sample_type', 'Sample.sample_type', 'SampleUpload.sample_type',
    'AnnotatedSample.sample_type')
_on('SampleUsage', 'AnnotatedSample.sample_usage')
_on('AnnotatedBy', 'SampleLabel.annotated_by')
_on('LabelShape', 'LabelProperty.@modelarts:default_shape', 'SampleLabelProperty.@modelarts:shape')
_on('LabelAttributeType', 'LabelAttribute.type')
_on('VersionLabelType', 'DatasetVersion.label_type')
_on('TextLabelLayout', 'LabelFormat.label_type')
_on('LogicalOperator', 'SearchLabel.op', 'SearchLabels.op', 'SearchProp.op')
_on('SortOrder', 'ListDatasets?order', 'ListSamples?order', 'ListWorkforces?order', 'ListAllWorkers?order',
    'ListAutoAnnotationSamples?order', 'ListProcessorTasks?order', 'ListProcessorTaskVersions?order',
    'ListWorkerTasks?order', 'ListWorkers?order')
_on('ProcessorSourceType', 'ProcessorDataSource.type', 'ListProcessorTasks?source_type')
_on('WorkPathType', 'ProcessorWorkPath.type')
_on('ProcessorTemplateId', 'ProcessorTemplate.id', 'ListProcessorTasks?task_type')
_on('SampleResultProperty', 'ProcessorTaskVersionResult.result_property')
_on('EventStatus', 'TaskEvent.status')
_on('ReviewScore', 'SampleComment.score')
_on('DatasetGeneration', 'ListDatasets?dataset_version')
_on('ProcessorTaskSortField', 'ListProcessorTasks?sort_by')

# Deliberate departures from the docs' type column (each one is in fidelity-allow.yaml)
TYPE_OVERRIDES = {
    # docs: Object; the service sends base64 text (see the page's example)
    'SampleUpload.data': {'type': 'string', 'format': 'byte',
                          'description': 'File content, base64 encoded. Used when the sample is sent inline.'},
    # docs: Array of object; the examples show [width, height, depth] integers
    'SampleMetadata.@modelarts:size[]': {'type': 'integer', 'format': 'int32'},
    # docs: Object; the value is a list of points, each point a list of numbers
    'SampleLabelProperty.@modelarts:feature': {
        'type': 'array', 'items': {'type': 'array', 'items': {'type': 'number', 'format': 'double'}},
        'description': 'Shape coordinates, in pixels with the origin at the top-left corner. A list of points, '
                       'each `[x, y]`: a rectangle (`bndbox`) is its top-left and bottom-right corners, a '
                       'polygon or polyline its vertices in order, a line or dashed line its start and end, a '
                       'point a single pair, and a circle its centre followed by `[radius]`.'},
    # docs: Array of objects; the examples show a list of lists of strings
    'ProcessorTaskVersionResult.result_description[]': {'type': 'array', 'items': {'type': 'string'}},
    # The cases below keep the documented type first and add the shape a page's own example shows
    # (see spec/fidelity-allow.yaml for each reason).
    # docs: Array of Label objects; the manifest import example sends label names as strings
    'CreateImportTaskRequest.included_labels[]': {'oneOf': [{'$ref': '#/components/schemas/Label'},
                                                            {'type': 'string'}]},
    # docs: Integer; the auto grouping example sends "2"
    'SmartTaskConfig.n_clusters': {'oneOf': [{'type': 'integer', 'format': 'int32'}, {'type': 'string'}]},
    # docs: Integer (WorkerRole); the create-member example sends "2"
    'CreateWorkerRequest.role': {'oneOf': [{'$ref': '#/components/schemas/WorkerRole'}, {'type': 'string'}]},
    # docs: Double (0/1); the auto labeling sample examples answer true/false
    'SampleMetadata.@modelarts:hard': {'oneOf': [{'type': 'number', 'format': 'double'}, {'type': 'boolean'}]},
    # docs: String ("1.00"); the export task examples answer 1.0
    'ExportParams.train_sample_ratio': {'oneOf': [{'type': 'string'}, {'type': 'number', 'format': 'double'}]},
    # docs: Object (free-form); the processing task example shows the placeholder "xxx"
    'ProcessorTask.result': {'oneOf': [{'type': 'object', 'additionalProperties': True}, {'type': 'string'}]},
}

# fields missing from the tables but present in a page's example response (allow-listed as extra-field)
EXTRA_FIELDS = {
    # querying_the_dataset_export_task_list: the second task's export_params carry it
    'ExportParams': {'clear_difficult': {'type': 'boolean'}},
}

# names and summaries for pages that show several request bodies
EXAMPLE_NAMES = {
    'CreateDataset': [('image_classification', 'An image classification dataset with two labels.'),
                      ('object_detection', 'An object detection dataset with two labels.'),
                      ('table', 'A table dataset read from a storage directory, with its column schema.')],
    'ImportTask': [('from_directory', 'Import files and labels from a storage directory.'),
                   ('from_manifest', 'Import through a manifest file.')],
    'ExportTask': [('to_storage', 'Export samples to a storage directory.'),
                   ('to_new_dataset', 'Export samples into a new dataset.')],
    'CreateTask': [('active_learning', 'Auto labeling by active learning.'),
                   ('pre_labeling', 'Auto labeling with a deployed model (pre-labeling).'),
                   ('auto_grouping', 'Auto grouping of images.')],
    'CreateProcessorTask': [('feature_analysis', 'A feature analysis task on a dataset version.'),
                            ('data_validation', 'A data validation task.'),
                            ('data_cleansing', 'A data cleansing task.'),
                            ('data_selection', 'A data selection (filtering) task.'),
                            ('data_augmentation', 'A data augmentation task.')],
}

ENUMS.update({
    'DatasetSortField': _e('string', 'Sort key of the dataset list.', [
        ('create_time', 'CreateTime', 'Creation time; the default.'),
        ('dataset_name', 'DatasetName', 'Dataset name.')]),
    'WorkerTaskSortField': _e('string', 'Sort key of a member\'s task list.', [
        ('create_time', 'CreateTime', 'Creation time; the default.'),
        ('workforce_task_name', 'WorkforceTaskName', 'Task name.')]),
    'WorkforceSortField': _e('string', 'Sort key of the team list.', [
        ('create_time', 'CreateTime', 'Creation time; the default.'),
        ('workforce_name', 'WorkforceName', 'Team name.')]),
    'WorkerSortField': _e('string', 'Sort key of member lists.', [
        ('create_time', 'CreateTime', 'Creation time; the default.'),
        ('email', 'Email', 'E-mail address.')]),
    'ProcessorTaskVersionSortField': _e('string', 'Sort key of the processing task version list.', [
        ('create_time', 'CreateTime', 'Creation time; the default.'),
        ('version_name', 'VersionName', 'Version name.')]),
    'LabelDeletePolicy': _e('integer', 'What is deleted together with a label.', [
        (0, 'LabelOnly', 'Only the label.'),
        (1, 'LabelAndSamples', 'Also the samples that carry only this label; their files stay.'),
        (2, 'LabelSamplesAndFiles', 'Also those samples, together with their files.')]),
    'MrsClusterMode': _e('string', 'Security mode of an MRS cluster.', [
        ('0', 'Normal', 'A normal cluster.'),
        ('1', 'Security', 'A security cluster with Kerberos authentication.')], varnames=True),
})
ENUMS['AutoLabelingAlgorithm']['desc'] = ('Training strategy of active learning. Besides the documented values, a '
                                          'page example also shows `supervisory`.')
_on('DatasetSortField', 'ListDatasets?sort_by')
_on('WorkerTaskSortField', 'ListWorkerTasks?sort_by')
_on('WorkforceSortField', 'ListWorkforces?sort_by')
_on('WorkerSortField', 'ListAllWorkers?sort_by', 'ListWorkers?sort_by')
_on('ProcessorTaskVersionSortField', 'ListProcessorTaskVersions?sort_by')
_on('LabelDeletePolicy', 'DeleteLabels?delete_policy')
_on('MrsClusterMode', 'SourceInfo.cluster_mode')
